package jp.kakehashi.appliance.pipeline;

import java.util.Set;

/** What the pipeline needs to know of a shared folder a version belongs to. */
public interface FolderDirectory {
    /**
     * The partner organisations that are members now: the recipients policy decides a staff
     * member's version for.
     */
    Set<String> partnerOrganisations(long folder);

    /** The folder's name, for {@code folder:} in searches. */
    String name(long folder);
}
