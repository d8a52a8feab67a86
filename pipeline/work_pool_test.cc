#include "pipeline/work_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace kiji::pipeline {
namespace {

TEST(WorkPoolTest, OneThreadRunsEveryTaskOnTheWaitingThread) {
  WorkPool pool(1);
  TaskGroup group(50);
  std::vector<int> order;
  std::set<std::thread::id> threads;
  for (int i = 0; i < 50; ++i) {
    pool.Submit(&group, [&, i] {
      order.push_back(i);  // no other thread runs tasks
      threads.insert(std::this_thread::get_id());
      group.Done();
    });
  }
  EXPECT_TRUE(order.empty());  // nothing runs before Wait
  pool.Wait(&group);
  ASSERT_EQ(order.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(order[i], i);
  EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
}

TEST(WorkPoolTest, WaitRunsOnlyItsOwnGroupAndEndsWithItsTasksDone) {
  WorkPool pool(3);
  constexpr int kTasks = 400;
  TaskGroup first(kTasks), second(kTasks);
  std::atomic<int> first_done{0}, second_done{0};
  std::atomic<bool> waiting_for_second{false};
  std::atomic<int> second_early_on_caller{0};
  const std::thread::id caller = std::this_thread::get_id();
  auto work = [] {
    volatile int x = 0;
    for (int k = 0; k < 2000; ++k) x = x + k;
  };
  for (int i = 0; i < kTasks; ++i) {
    pool.Submit(&first, [&] {
      work();
      ++first_done;
      first.Done();
    });
  }
  for (int i = 0; i < kTasks; ++i) {
    pool.Submit(&second, [&] {
      work();
      if (std::this_thread::get_id() == caller && !waiting_for_second) {
        ++second_early_on_caller;
      }
      ++second_done;
      second.Done();
    });
  }
  pool.Wait(&first);
  EXPECT_EQ(first_done.load(), kTasks);
  waiting_for_second = true;
  pool.Wait(&second);
  EXPECT_EQ(second_done.load(), kTasks);
  EXPECT_EQ(second_early_on_caller.load(), 0);
}

TEST(WorkPoolTest, DestroyingThePoolDropsTasksNotStarted) {
  std::atomic<int> ran{0};
  {
    WorkPool pool(1);  // no workers: nothing runs without Wait
    TaskGroup group(3);
    for (int i = 0; i < 3; ++i) {
      pool.Submit(&group, [&] {
        ++ran;
        group.Done();
      });
    }
  }
  EXPECT_EQ(ran.load(), 0);
}

}  // namespace
}  // namespace kiji::pipeline
