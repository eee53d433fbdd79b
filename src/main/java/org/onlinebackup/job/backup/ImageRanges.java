package org.onlinebackup.job.backup;

/**
 * How many key ranges each table has in the image a backup writes, by table number: those of its data step's plan,
 * and for the tables a restart keeps, those of the earlier image (an operation part, for the finish step).
 */
record ImageRanges(int[] perTable) {
    ImageRanges {
        perTable = perTable.clone();
    }

    @Override
    public int[] perTable() {
        return perTable.clone();
    }
}
