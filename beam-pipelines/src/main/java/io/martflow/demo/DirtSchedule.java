package io.martflow.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Decides which rows of a table stream carry which {@link DirtyKind}, so that every kind hits its
 * rate closely even in small tables: rows are taken in blocks of {@value #BLOCK} and each block
 * gets the whole number of rows of each kind that the running total calls for (the fractional
 * remainder carries over to the next block, starting from a random phase), at random positions.
 * Over n rows a kind appears n x rate times, give or take one block's share.
 */
final class DirtSchedule {
  static final int BLOCK = 200;

  private final DirtyKind[] kinds;
  private final double[] carry;
  private final SplittableRandom random;
  private final DirtyKind[] block = new DirtyKind[BLOCK];
  private int position = BLOCK;

  DirtSchedule(List<DirtyKind> kinds, SplittableRandom random) {
    this.kinds = kinds.toArray(new DirtyKind[0]);
    this.random = random;
    this.carry = new double[this.kinds.length];
    for (int i = 0; i < carry.length; i++) {
      carry[i] = random.nextDouble();
    }
  }

  static DirtSchedule of(ShopTable table, SplittableRandom random) {
    return new DirtSchedule(DirtyKind.of(table), random);
  }

  /** The kind of the next row, or null for a clean row. */
  DirtyKind next() {
    if (position == BLOCK) {
      fillBlock();
    }
    return block[position++];
  }

  private void fillBlock() {
    java.util.Arrays.fill(block, null);
    for (int k = 0; k < kinds.length; k++) {
      double due = carry[k] + kinds[k].rate() * BLOCK;
      int count = (int) Math.floor(due);
      carry[k] = due - count;
      for (int placed = 0; placed < count; ) {
        int slot = random.nextInt(BLOCK);
        if (block[slot] == null) {
          block[slot] = kinds[k];
          placed++;
        }
      }
    }
    position = 0;
  }
}
