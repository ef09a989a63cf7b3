package dev.ddbbackup.resync;

import dev.ddbbackup.backup.BackupView;
import dev.ddbbackup.state.ItemAtTime;
import dev.ddbbackup.verify.Findings;
import java.util.ArrayList;
import java.util.List;

/**
 * The differences a verify finds, kept (one per item, for the repair that follows) with what the
 * opened backup says about its naming and folders. Only the item {@code onlyKey} is kept when one
 * is given.
 */
final class DifferenceList implements Findings {

    private final String tableRoot;
    private final String onlyKey;
    private final List<Difference> differences = new ArrayList<>();
    private volatile boolean md5Names = true;
    private volatile boolean tenantFolders;

    /**
     * @param tableRoot the backup's table folder ({@code prefix/table/})
     * @param onlyKey the canonical key JSON of the one item to keep, or null for every item
     */
    DifferenceList(String tableRoot, String onlyKey) {
        this.tableRoot = tableRoot;
        this.onlyKey = onlyKey;
    }

    @Override
    public void opened(BackupView view) {
        md5Names = view.md5Names();
        // Without multi-tenancy the one folder read is the table root, holding the item objects.
        tenantFolders = view.folders().stream().anyMatch(f -> !f.equals(tableRoot));
    }

    @Override
    public void missing(String canonicalKey) {
        add(new Difference(Difference.Kind.MISSING, canonicalKey, null));
    }

    @Override
    public void extra(ItemAtTime.Present backup) {
        add(new Difference(Difference.Kind.EXTRA, keyOf(backup), backup));
    }

    @Override
    public void differing(ItemAtTime.Present backup) {
        add(new Difference(Difference.Kind.DIFFERING, keyOf(backup), backup));
    }

    private static String keyOf(ItemAtTime.Present backup) {
        return backup.key() != null ? backup.key().canonicalJson() : backup.timeline().key().canonicalJson();
    }

    private void add(Difference d) {
        if (d.backup() != null && d.backup().change().tenant() != null) {
            // Log mode has no folders to list: its lines say the tenant.
            tenantFolders = true;
        }
        if (onlyKey == null || onlyKey.equals(d.key())) {
            synchronized (differences) {
                differences.add(d);
            }
        }
    }

    List<Difference> differences() {
        synchronized (differences) {
            return List.copyOf(differences);
        }
    }

    boolean md5Names() {
        return md5Names;
    }

    /** Whether the backup keeps items in tenant folders (multi-tenancy on). */
    boolean tenantFolders() {
        return tenantFolders;
    }
}
