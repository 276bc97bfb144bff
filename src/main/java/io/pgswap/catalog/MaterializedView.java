package io.pgswap.catalog;

import java.util.List;
import java.util.Map;

/**
 * What rebuilding a materialized view must restore besides its query ({@link RewriteDependent}):
 * tablespace, whether it was populated, privileges, comments, and its indexes as complete
 * CREATE INDEX statements with their comments (by index name), the columns' statistics targets,
 * the index it is clustered on (or null), and the roles the current role's default privileges
 * name ({@link DefaultPrivileges#tableGrantees}): what they would give the new one is undone.
 */
public record MaterializedView(String tablespace, boolean populated, String comment, boolean hasAcl,
                               List<Grant> grants, Map<String, String> columnComments, List<String> indexes,
                               Map<String, String> indexComments, Map<String, Integer> statisticsTargets,
                               String clusteredOn, List<String> defaultGrantees) {
}
