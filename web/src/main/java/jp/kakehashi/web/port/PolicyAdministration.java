package jp.kakehashi.web.port;

import java.util.List;
import java.util.Optional;

/**
 * The policy pages (ポリシー管理): the policy in force, its versions, a lint that records
 * nothing, and the four-eyes change (one administrator proposes, another confirms, and the
 * appliance puts it in force within seconds after linting it again). Every change is audited by
 * the implementation with the administrator as its actor.
 */
public interface PolicyAdministration {
    /** The text the appliance decides with now. */
    PolicyText inForce();

    /**
     * The configured policy file as it is on disk now (or the shipped default when none is
     * configured), read again so an administrator who edited it can propose it.
     */
    PolicyText configuredFile();

    /** Every version, newest first. */
    List<PolicyVersionView> versions();

    Optional<PolicyVersionView> version(long id);

    /** Where {@code text} is broken (file, line, column and what was expected), or empty when it lints clean. */
    Optional<String> lint(String text);

    Proposal propose(User admin, String text, String reason);

    /**
     * A second administrator confirms what they read.
     *
     * @param sha256 the hash of the text the page showed them; another text is refused
     */
    Verdict confirm(User admin, long id, String sha256);
}
