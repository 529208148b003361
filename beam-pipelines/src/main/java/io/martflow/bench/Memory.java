package io.martflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak memory of this JVM: the heap in use, sampled every 50 ms by a daemon thread (the pools'
 * own peaks are reached at different moments, so their sum overstates), and the process's
 * resident set (the kernel's high-water mark).
 */
final class Memory {
  private static final java.util.concurrent.atomic.AtomicLong PEAK_HEAP = new java.util.concurrent.atomic.AtomicLong();
  private static Thread sampler;

  private Memory() {}

  /** Starts (once) sampling the heap and forgets the peak so far. */
  static synchronized void resetPeaks() {
    PEAK_HEAP.set(0);
    if (sampler == null) {
      sampler = new Thread(() -> {
        var memory = ManagementFactory.getMemoryMXBean();
        while (!Thread.currentThread().isInterrupted()) {
          PEAK_HEAP.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          try {
            Thread.sleep(50); // a sampling period, not a synchronization
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "martflow-heap-sampler");
      sampler.setDaemon(true);
      sampler.start();
    }
  }

  /** Bytes: the largest heap in use seen since {@link #resetPeaks()}. */
  static long peakHeapBytes() {
    return PEAK_HEAP.get();
  }

  /** Bytes: the process's peak resident set (VmHWM), or -1 where /proc is not there. */
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }
}
