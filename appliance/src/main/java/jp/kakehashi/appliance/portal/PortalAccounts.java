package jp.kakehashi.appliance.portal;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.appliance.audit.AuditEvent;
import jp.kakehashi.appliance.audit.AuditLog;
import jp.kakehashi.appliance.audit.AuditType;
import jp.kakehashi.appliance.audit.RefusalAudit;
import jp.kakehashi.appliance.identity.Account;
import jp.kakehashi.appliance.identity.Accounts;
import jp.kakehashi.appliance.identity.Contact;
import jp.kakehashi.appliance.identity.Names;
import jp.kakehashi.appliance.identity.PasswordChange;
import jp.kakehashi.appliance.identity.PasswordLinks;
import jp.kakehashi.appliance.identity.SecondFactors;
import jp.kakehashi.appliance.identity.SignInGuard;
import jp.kakehashi.appliance.identity.SignInPolicy;
import jp.kakehashi.appliance.identity.Totp;
import jp.kakehashi.sanitizer.Escape;
import jp.kakehashi.web.port.AuditTrail;
import jp.kakehashi.web.port.NoticeSettings;
import jp.kakehashi.web.port.Role;
import jp.kakehashi.web.port.SignInView;
import jp.kakehashi.web.port.User;
import jp.kakehashi.web.port.Verdict;
import jp.kakehashi.web.port.Zone;

/**
 * The portals' account source and sign-in audit, over the appliance's own directory, the shared
 * sign-in guard and the second factors that SFTP uses too.
 */
public final class PortalAccounts implements jp.kakehashi.web.port.Accounts, AuditTrail {
    private static final String ISSUER = "Kakehashi";

    /** A change of one's own password or authenticator while the sign-in guard holds the account or address. */
    private static final Verdict LOCKED = new Verdict.Refused(
            "LOCKED", "間違いが続いたため、しばらく変更できません。時間をおいてもう一度お試しください。", "Too many wrong attempts; try again later.");

    private final Accounts accounts;
    private final SecondFactors secondFactors;
    private final PasswordLinks links;
    private final PasswordChange change;
    private final SignInGuard guard;
    private final SignInPolicy policy;
    private final SecureRandom random;
    private final AuditLog audit;
    private final RefusalAudit refusals;
    private final Names names;

    public PortalAccounts(
            Accounts accounts,
            SecondFactors secondFactors,
            PasswordLinks links,
            PasswordChange change,
            SignInGuard guard,
            SignInPolicy policy,
            SecureRandom random,
            AuditLog audit,
            RefusalAudit refusals,
            Names names) {
        this.accounts = accounts;
        this.secondFactors = secondFactors;
        this.links = links;
        this.change = change;
        this.guard = guard;
        this.policy = policy;
        this.random = random;
        this.audit = audit;
        this.refusals = refusals;
        this.names = names;
    }

    @Override
    public Optional<String> passwordLink(String token, Zone zone) {
        return links.account(token)
                .flatMap(accounts::find)
                .filter(a -> !a.disabled() && Zones.web(a.zone()) == zone)
                .map(Account::name);
    }

    @Override
    public Verdict setPassword(String token, Zone zone, char[] password) {
        if (passwordLink(token, zone).isEmpty()) {
            return new Verdict.Refused(
                    "LINK_INVALID",
                    "このリンクは使えません。管理者に新しいリンクを依頼してください。",
                    "This link cannot be used. Ask your administrator for a new one.");
        }
        return switch (links.use(token, password)) {
            case PasswordLinks.Result.Set set -> new Verdict.Accepted(true);
            case PasswordLinks.Result.Refused r ->
                new Verdict.Refused(
                        r.refusal().code(), r.refusal().ja(), r.refusal().en());
        };
    }

    @Override
    public Verdict changePassword(User user, Zone zone, String source, char[] current, char[] next) {
        if (guard.gate(user.name(), Zones.domain(zone), source) != SignInGuard.Gate.OPEN) {
            signInRefused(user.name(), zone, source, "PASSWORD_CHANGE_LOCKED");
            return LOCKED;
        }
        Optional<PasswordChange.Refusal> refused = change.change(user.name(), Zones.domain(zone), current, next);
        if (refused.isEmpty()) {
            return new Verdict.Accepted(true);
        }
        if (refused.get().wrongPassword()) {
            guard.failed(user.name(), Zones.domain(zone), source);
        }
        signInRefused(
                user.name(), zone, source, "PASSWORD_CHANGE_" + refused.get().code());
        return new Verdict.Refused(
                refused.get().code(), refused.get().ja(), refused.get().en());
    }

    @Override
    public Verdict replaceTotp(
            User user, Zone zone, String source, String currentCode, String secretBase32, String newCode) {
        if (guard.gate(user.name(), Zones.domain(zone), source) != SignInGuard.Gate.OPEN) {
            signInRefused(user.name(), zone, source, "TOTP_REPLACE_LOCKED");
            return LOCKED;
        }
        if (secondFactors.enrolled(user.name()) && !secondFactors.verify(user.name(), currentCode)) {
            guard.failed(user.name(), Zones.domain(zone), source);
            signInRefused(user.name(), zone, source, "TOTP_REPLACE_WRONG_CODE");
            return new Verdict.Refused(
                    "WRONG_CODE", "今の認証アプリの確認コードが正しくありません。", "The code of your current authenticator is not right.");
        }
        if (!secondFactors.replace(user.name(), secretBase32, newCode)) {
            signInRefused(user.name(), zone, source, "TOTP_REPLACE_WRONG_NEW_CODE");
            return new Verdict.Refused(
                    "WRONG_NEW_CODE",
                    "新しい認証アプリの確認コードが正しくありません。読み取った QR コードのアプリに表示されている最新のコードを入力してください。",
                    "The code of the new authenticator is not right; enter the latest code of the app that read the QR code.");
        }
        return new Verdict.Accepted(true);
    }

    @Override
    public List<String> issueRecoveryCodes(User user) {
        return secondFactors.issueRecoveryCodes(user.name());
    }

    @Override
    public List<SignInView> recentSignIns(String name) {
        return accounts.recentSignIns(name, 10).stream()
                .map(r -> new SignInView(
                        r.at(), Zones.web(jp.kakehashi.policies.Zone.parse(r.zone())), r.channel(), r.source()))
                .toList();
    }

    @Override
    public int recoveryCodesLeft(String name) {
        return secondFactors.recoveryCodesLeft(name);
    }

    @Override
    public NoticeSettings notices(String name) {
        Contact c = accounts.contact(name);
        return new NoticeSettings(c.email().orElse(""), c.frequency().word());
    }

    @Override
    public Verdict setNotices(User user, NoticeSettings settings) {
        Contact contact;
        try {
            contact = new Contact(Optional.of(settings.email()), Contact.Frequency.parse(settings.frequency()));
        } catch (IllegalArgumentException e) {
            return new Verdict.Refused(
                    "BAD_EMAIL",
                    "メールアドレスの形式が正しくありません（例: tanaka@city.example.lg.jp）。",
                    "That is not a mail address (for example tanaka@city.example.lg.jp).");
        }
        accounts.setContact(user.name(), contact, user.name());
        return new Verdict.Accepted(true);
    }

    @Override
    public PasswordCheck checkPassword(String name, char[] password, Zone zone) {
        return switch (accounts.checkPassword(name, password, Zones.domain(zone))) {
            case jp.kakehashi.appliance.identity.PasswordCheck.Accepted a ->
                new PasswordCheck.Accepted(
                        user(a.account(), accounts.credentials(a.account().name())));
            case jp.kakehashi.appliance.identity.PasswordCheck.Rejected r -> new PasswordCheck.Rejected();
            case jp.kakehashi.appliance.identity.PasswordCheck.DirectoryUnreachable d ->
                new PasswordCheck.DirectoryUnreachable();
        };
    }

    @Override
    public Optional<User> current(String name) {
        return accounts.current(name).filter(g -> !g.account().disabled()).map(g -> user(g.account(), g.credentials()));
    }

    @Override
    public Gate gate(String name, Zone zone, String source) {
        return switch (guard.gate(name, Zones.domain(zone), source)) {
            case OPEN -> Gate.OPEN;
            case ACCOUNT_LOCKED -> Gate.ACCOUNT_LOCKED;
            case SOURCE_THROTTLED -> Gate.SOURCE_THROTTLED;
        };
    }

    @Override
    public void signInFailed(String name, Zone zone, String source) {
        guard.failed(name, Zones.domain(zone), source);
    }

    @Override
    public void signInSucceeded(String name, Zone zone) {
        guard.succeeded(name, Zones.domain(zone));
    }

    @Override
    public boolean admitsFrom(User user, String source) {
        return policy.admitsFrom(
                jp.kakehashi.appliance.identity.Role.valueOf(user.role().name()), source);
    }

    @Override
    public boolean secondFactorRequired(User user) {
        return policy.secondFactorRequired(
                jp.kakehashi.appliance.identity.Role.valueOf(user.role().name()));
    }

    @Override
    public boolean directoryUnavailable() {
        return accounts.directoryUnavailable();
    }

    @Override
    public boolean passwordInDirectory(String name) {
        return accounts.fromDirectory(name);
    }

    @Override
    public boolean totpEnrolled(String name) {
        return secondFactors.enrolled(name);
    }

    @Override
    public boolean verifyTotp(String name, String code) {
        return secondFactors.verify(name, code);
    }

    @Override
    public String newTotpSecret() {
        return Totp.newSecret(random);
    }

    @Override
    public String totpUri(String name, String secretBase32) {
        return Totp.uri(ISSUER, name, secretBase32);
    }

    @Override
    public boolean enrolTotp(String name, String secretBase32, String code) {
        return secondFactors.enrol(name, secretBase32, code);
    }

    @Override
    public void signedIn(User user, Zone zone, String source) {
        audit.append(new AuditEvent(
                AuditType.AUTH_SUCCESS, user.name(), zone.word(), "", Map.of("protocol", "https", "from", source)));
        accounts.recordSignIn(user.name(), Zones.domain(zone), "https", source);
    }

    @Override
    public void signInRefused(String name, Zone zone, String source, String why) {
        String actor = Escape.forReport(name.length() > 200 ? name.substring(0, 200) : name);
        refusals.append(
                new AuditEvent(
                        AuditType.AUTH_FAILURE,
                        actor,
                        zone.word(),
                        "",
                        Map.of("protocol", "https", "reason", why, "from", source)),
                String.join("|", actor, zone.word(), "https", why, source));
    }

    @Override
    public void accessRefused(
            String actor, Zone zone, String source, String method, String path, int status, String why) {
        refusals.append(
                new AuditEvent(
                        AuditType.ACCESS_REFUSED,
                        actor,
                        zone.word(),
                        "",
                        Map.of(
                                "method", method,
                                "route", Escape.forReport(path.length() > 300 ? path.substring(0, 300) : path),
                                "status", String.valueOf(status),
                                "reason", why,
                                "from", source)),
                actor + "|" + zone.word() + "|" + why + "|" + (actor.isEmpty() ? source : ""));
    }

    @Override
    public void signedOut(User user, Zone zone, String why) {
        audit.append(new AuditEvent(
                AuditType.SIGNED_OUT, user.name(), zone.word(), "", Map.of("protocol", "https", "reason", why)));
    }

    /** The portal's view of an account, with its credential generation (a session of an older one ends). */
    private User user(Account a, long credentials) {
        return new User(
                a.name(),
                Role.valueOf(a.role().name()),
                a.organisation(),
                credentials,
                accounts.displayName(a.name()).orElse(""),
                a.zone() == jp.kakehashi.policies.Zone.LGWAN
                        ? names.department(a.organisation())
                        : names.organisation(a.organisation()));
    }
}
