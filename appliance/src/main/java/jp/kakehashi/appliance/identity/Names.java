package jp.kakehashi.appliance.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The names people know each other by, for every page, receipt and notice: a person's 氏名, a
 * partner organisation's 団体名, a department's 課名. Where none was given, the id stands in.
 */
public final class Names {
    private final Accounts accounts;
    private final Departments departments;

    public Names(Accounts accounts, Departments departments) {
        this.accounts = requireNonNull(accounts, "accounts");
        this.departments = requireNonNull(departments, "departments");
    }

    /** A person: 「田中 太郎」, or the account name. */
    public String person(String account) {
        return accounts.displayName(account).orElse(account);
    }

    /** A partner organisation: 「NPO法人ひかり」, or its id. */
    public String organisation(String id) {
        return Optional.ofNullable(accounts.organisationNames().get(id)).orElse(id);
    }

    /** A department: 「税務課」, or its id (a staff organisation never registered as a department). */
    public String department(String id) {
        return departments.find(id).map(Department::name).orElse(id);
    }

    /** The 1-60 characters of a 氏名 or 団体名, without control characters. */
    public static String check(String name) {
        String stripped = name.strip();
        if (stripped.isEmpty() || stripped.codePointCount(0, stripped.length()) > 60) {
            throw new IllegalArgumentException("a name must be 1-60 characters (名前は1〜60文字で指定してください)");
        }
        if (stripped.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a name may not hold control characters (名前に制御文字は使えません)");
        }
        return stripped;
    }
}
