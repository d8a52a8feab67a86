// A fixed set of worker threads running tasks in submission order, and a
// counter to wait for a group of tasks (one batch of documents).
//
// Used by ingest and `kiji extract` to keep every core busy across batch
// boundaries: while the writer thread stores batch k, the workers already
// analyse batch k+1 (and the tail of batch k no longer idles the others).
//
// Destroying the pool drops the tasks not yet started and joins the workers
// (running tasks finish first): declare it after everything its tasks use.
#ifndef KIJI_PIPELINE_WORK_POOL_H_
#define KIJI_PIPELINE_WORK_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace kiji::pipeline {

// Counts finished tasks of a group; `Wait` blocks until all `n` are done.
class TaskGroup {
 public:
  explicit TaskGroup(size_t n) : pending_(n) {}
  void Done() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--pending_ == 0) cv_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return pending_ == 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  size_t pending_;
};

class WorkPool {
 public:
  // `threads` < 1 counts as 1.
  explicit WorkPool(int threads) {
    const int n = threads < 1 ? 1 : threads;
    workers_.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) workers_.emplace_back([this] { Loop(); });
  }
  ~WorkPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
      tasks_.clear();
    }
    cv_.notify_all();
    for (std::thread& t : workers_) t.join();
  }
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  void Submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(task));
    }
    cv_.notify_one();
  }

 private:
  void Loop() {
    while (true) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
        if (stop_) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_WORK_POOL_H_
