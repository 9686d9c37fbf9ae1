package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.util.List;
import jp.kakehashi.policies.Zone;

/**
 * An account. Names are 1-64 lower-case ASCII letters, digits, dots, dashes and underscores, so
 * that one person has one canonical name everywhere (SFTP, audit, CLI).
 *
 * @param organisation the partner organisation, or the department for staff
 * @param sshKeys OpenSSH public-key lines this account may log in with
 */
public record Account(String name, Role role, String organisation, List<String> sshKeys, boolean disabled) {
    public Account {
        requireNonNull(name, "name");
        requireNonNull(role, "role");
        requireNonNull(organisation, "organisation");
        sshKeys = List.copyOf(sshKeys);
        checkName(name);
        checkOrganisation(organisation);
    }

    public Zone zone() {
        return role.zone();
    }

    public static String checkName(String name) {
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("account name '" + name
                    + "' must be 1-64 lower-case letters, digits, '.', '-' or '_' (アカウント名は半角英小文字・数字で指定してください)");
        }
        return name;
    }

    /** Group names appear in policy files ({@code group:kacho}), so they follow the account-name rule. */
    public static String checkGroup(String group) {
        if (!group.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("group '" + group
                    + "' must be 1-64 lower-case letters, digits, '.', '-' or '_' (グループ名は半角英小文字・数字で指定してください)");
        }
        return group;
    }

    /** Organisation ids become SFTP folder names, so they follow the account-name rule. */
    public static String checkOrganisation(String organisation) {
        if (!organisation.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("organisation '" + organisation
                    + "' must be 1-64 lower-case letters, digits, '.', '-' or '_' (組織IDは半角英小文字・数字で指定してください)");
        }
        return organisation;
    }
}
