package dev.ddbbackup.cli;

import picocli.CommandLine.Option;

/** One tenant of a multi-tenant backup, and the attribute that names it in the table's items. */
public final class TenantOptions {

    @Option(names = "--tenant", description = "Only this tenant (the tenancy attribute's value); needs --tenant-column.")
    String tenant;

    @Option(names = "--tenant-column", paramLabel = "ATTRIBUTE",
            description = "The tenancy attribute (MultiTenancyColumn), to find each item's tenant in the table.")
    String tenantColumn;

    /** The tenancy attribute, or null when none is given. */
    String column() {
        return tenantColumn == null || tenantColumn.isBlank() ? null : tenantColumn.strip();
    }
}
