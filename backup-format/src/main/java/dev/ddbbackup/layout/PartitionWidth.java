package dev.ddbbackup.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How finely the readers split a backup: by the first 1, 2 or 3 hex digits of the MD5 item name, so
 * 16, 256 or 4096 partitions. Every item of a partition is read, checked and written by one worker,
 * which is what lets restore, snapshot, verify and checkpoints run partition by partition in bounded
 * memory and fan out over Step Functions. The one place that rule is written.
 */
public enum PartitionWidth {
    P16(1), P256(2), P4096(3);

    private final int hexDigits;

    PartitionWidth(int hexDigits) {
        this.hexDigits = hexDigits;
    }

    /** The width with this many partitions; the message names the allowed values. */
    public static PartitionWidth ofCount(int partitions) {
        for (PartitionWidth w : values()) {
            if (w.count() == partitions) {
                return w;
            }
        }
        throw new IllegalArgumentException("partitions must be 16, 256 or 4096, was " + partitions);
    }

    public int hexDigits() {
        return hexDigits;
    }

    public int count() {
        return 1 << (4 * hexDigits);
    }

    /** The partition id of an MD5 item name (its first hex digits, lower case). */
    public String partitionOf(String md5Name) {
        return md5Name.substring(0, hexDigits).toLowerCase(Locale.ROOT);
    }

    /** The id of partition number {@code index} (0 .. count-1), zero-padded hex. */
    public String id(int index) {
        return String.format(Locale.ROOT, "%0" + hexDigits + "x", index);
    }

    /** Every partition id in order. */
    public List<String> ids() {
        List<String> ids = new ArrayList<>(count());
        for (int i = 0; i < count(); i++) {
            ids.add(id(i));
        }
        return ids;
    }

    @Override
    public String toString() {
        return Integer.toString(count());
    }
}
