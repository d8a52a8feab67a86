// A fixed set of threads running tasks in submission order, grouped into
// batches (`TaskGroup`) that the submitting thread waits for.
//
// Used by ingest and `kiji extract` to keep every core busy across batch
// boundaries: while the writer thread stores batch k, the workers already
// analyse batch k+1 (and the tail of batch k no longer idles the others).
//
// The thread that waits for a group is one of the pool's `threads`: `Wait`
// runs the group's tasks that no worker has started yet, so a pool of N
// threads starts N - 1 workers and never puts more than N threads to work
// at once. With N = 1 there is no worker and the waiting thread runs every
// task itself (a truly single-threaded run).
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
#include <utility>
#include <vector>

namespace kiji::pipeline {

// Counts the unfinished tasks of a group.
class TaskGroup {
 public:
  explicit TaskGroup(size_t n) : pending_(n) {}
  void Done() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--pending_ == 0) cv_.notify_all();
  }
  // Blocks until all `n` tasks are done.
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
  // `threads` < 1 counts as 1; starts `threads` - 1 workers.
  explicit WorkPool(int threads) {
    const int n = threads < 1 ? 0 : threads - 1;
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

  // Queues `task`, which must call `group->Done()` when it ends. Submit a
  // group's tasks one after the other, from the thread that waits for it.
  void Submit(const TaskGroup* group, std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back({group, std::move(task)});
    }
    cv_.notify_one();
  }

  // Runs the tasks of `group` that no worker has taken yet on this thread,
  // then waits for those the workers run. Tasks of later groups are left to
  // the workers: the caller has the group's results to deal with.
  void Wait(TaskGroup* group) {
    while (true) {
      std::function<void()> task;
      {
        std::lock_guard<std::mutex> lock(mu_);
        // A group's tasks are contiguous and first-in first-out: when the
        // front task is another group's, none of this group's is queued.
        if (tasks_.empty() || tasks_.front().group != group) break;
        task = std::move(tasks_.front().run);
        tasks_.pop_front();
      }
      task();
    }
    group->Wait();
  }

 private:
  struct Task {
    const TaskGroup* group;
    std::function<void()> run;
  };

  void Loop() {
    while (true) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stop_ || !tasks_.empty(); });
        if (stop_) return;
        task = std::move(tasks_.front().run);
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Task> tasks_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace kiji::pipeline

#endif  // KIJI_PIPELINE_WORK_POOL_H_
