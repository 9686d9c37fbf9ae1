package jp.kakehashi.web.pages;

import gg.jte.TemplateOutput;
import gg.jte.html.HtmlInterceptor;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import jp.kakehashi.web.port.AccountView;
import jp.kakehashi.web.port.ApiTokenView;
import jp.kakehashi.web.port.ApiTokens;
import jp.kakehashi.web.port.ApprovalView;
import jp.kakehashi.web.port.AuditKind;
import jp.kakehashi.web.port.AuditPage;
import jp.kakehashi.web.port.DepartmentView;
import jp.kakehashi.web.port.Destination;
import jp.kakehashi.web.port.Health;
import jp.kakehashi.web.port.Issuance;
import jp.kakehashi.web.port.ItemView;
import jp.kakehashi.web.port.NoticeSettings;
import jp.kakehashi.web.port.OrganisationView;
import jp.kakehashi.web.port.OriginalView;
import jp.kakehashi.web.port.PolicyText;
import jp.kakehashi.web.port.PolicyVersionView;
import jp.kakehashi.web.port.Report;
import jp.kakehashi.web.port.SharedFolders;
import jp.kakehashi.web.port.SignInView;
import jp.kakehashi.web.port.StoppedView;

/**
 * Renders the portal's pages. Each method calls the Java class jte generated from one template at
 * build time, directly: no template is looked up by name or parsed while the portal runs.
 */
public final class Pages {
    /** jte calls an interceptor at every tag; the portal has nothing to add there. */
    private static final HtmlInterceptor NONE = new HtmlInterceptor() {
        @Override
        public void onHtmlTagOpened(String name, Map<String, Object> attributes, TemplateOutput output) {}

        @Override
        public void onHtmlTagClosed(String name, TemplateOutput output) {}
    };

    private Pages() {}

    public static String login(View v, String error, String name) {
        StringOutput out = new StringOutput();
        JteloginGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, error, name);
        return out.toString();
    }

    public static String totp(View v, String error) {
        StringOutput out = new StringOutput();
        JtetotpGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, error);
        return out.toString();
    }

    public static String enrol(View v, String secret, String error) {
        StringOutput out = new StringOutput();
        JteenrolGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, secret, error);
        return out.toString();
    }

    public static String send(View v, List<Destination> destinations, long maxBytes) {
        StringOutput out = new StringOutput();
        JtesendGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, destinations, maxBytes);
        return out.toString();
    }

    public static String items(View v, String title, List<ItemView> items, boolean incoming) {
        StringOutput out = new StringOutput();
        JteitemsGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, title, items, incoming);
        return out.toString();
    }

    public static String item(
            View v, ItemView item, boolean downloadable, boolean originalOffered, boolean unlockable, String error) {
        StringOutput out = new StringOutput();
        JteitemGenerated.render(
                new OwaspHtmlTemplateOutput(out), NONE, v, item, downloadable, originalOffered, unlockable, error);
        return out.toString();
    }

    public static String folders(View v, List<SharedFolders.FolderView> folders, String error) {
        StringOutput out = new StringOutput();
        JtefoldersGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, folders, error);
        return out.toString();
    }

    public static String folder(View v, SharedFolders.FolderPage page, long maxBytes, String error) {
        StringOutput out = new StringOutput();
        JtefolderGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, page, maxBytes, error);
        return out.toString();
    }

    /**
     * @param shared a link just made, whose URL is shown this once
     */
    public static String folderFile(
            View v,
            SharedFolders.FilePage page,
            long maxBytes,
            String error,
            java.util.Optional<SharedFolders.ShareAnswer.Shared> shared) {
        StringOutput out = new StringOutput();
        Jtefolder_fileGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, page, maxBytes, error, shared);
        return out.toString();
    }

    public static String shareLink(View v, SharedFolders.LinkOffer offer, String error) {
        StringOutput out = new StringOutput();
        Jteshare_linkGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, offer, error);
        return out.toString();
    }

    public static String home(View v) {
        StringOutput out = new StringOutput();
        JtehomeGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v);
        return out.toString();
    }

    public static String approvals(
            View v, List<ApprovalView> queue, List<jp.kakehashi.web.port.Approvals.Decided> decided, String notice) {
        StringOutput out = new StringOutput();
        JteapprovalsGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, queue, decided, notice);
        return out.toString();
    }

    /** A request to decide, or, with {@code decided}, one the person decided already (read-only). */
    public static String approval(
            View v, ApprovalView a, java.util.Optional<jp.kakehashi.web.port.Approvals.Decided> decided, String error) {
        StringOutput out = new StringOutput();
        JteapprovalGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, a, decided, error);
        return out.toString();
    }

    /** The audit page; its CSV link carries the same filters, percent-encoded here. */
    public static String audit(
            View v, Map<String, String> filters, Map<String, AuditKind> kinds, AuditPage page, String error) {
        StringBuilder csv = new StringBuilder("/audit.csv");
        char sep = '?';
        for (Map.Entry<String, String> f : filters.entrySet()) {
            if (!f.getValue().isEmpty()) {
                csv.append(sep)
                        .append(f.getKey())
                        .append('=')
                        .append(URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        StringOutput out = new StringOutput();
        JteauditGenerated.render(
                new OwaspHtmlTemplateOutput(out), NONE, v, filters, kinds, page, error, csv.toString());
        return out.toString();
    }

    public static String dashboard(View v, Report r) {
        StringOutput out = new StringOutput();
        JtedashboardGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, r);
        return out.toString();
    }

    public static String report(View v, ReportPeriod period, Report r, String municipality, boolean wareki) {
        StringOutput out = new StringOutput();
        JtereportGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, period, r, municipality, wareki);
        return out.toString();
    }

    public static String quarantine(View v, List<StoppedView> stopped) {
        StringOutput out = new StringOutput();
        JtequarantineGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, stopped);
        return out.toString();
    }

    public static String stopped(View v, StoppedView s, String error, String notice) {
        StringOutput out = new StringOutput();
        JtestoppedGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, s, error, notice);
        return out.toString();
    }

    public static String account(
            View v,
            boolean totpEnrolled,
            boolean passwordInDirectory,
            int recoveryCodesLeft,
            List<SignInView> signIns,
            NoticeSettings notices,
            String notice,
            String error) {
        StringOutput out = new StringOutput();
        JteaccountGenerated.render(
                new OwaspHtmlTemplateOutput(out),
                NONE,
                v,
                totpEnrolled,
                passwordInDirectory,
                recoveryCodesLeft,
                signIns,
                notices,
                notice,
                error);
        return out.toString();
    }

    public static String recoveryCodes(View v, List<String> codes) {
        StringOutput out = new StringOutput();
        Jterecovery_codesGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, codes);
        return out.toString();
    }

    public static String accountTotp(View v, boolean enrolled, String secret, String error) {
        StringOutput out = new StringOutput();
        Jteaccount_totpGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, enrolled, secret, error);
        return out.toString();
    }

    public static String password(View v, String account, String error) {
        StringOutput out = new StringOutput();
        JtepasswordGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, account, error);
        return out.toString();
    }

    public static String adminUsers(
            View v,
            List<AccountView> accounts,
            List<DepartmentView> departments,
            List<OrganisationView> partners,
            String error) {
        StringOutput out = new StringOutput();
        Jteadmin_usersGenerated.render(
                new OwaspHtmlTemplateOutput(out), NONE, v, accounts, departments, partners, error);
        return out.toString();
    }

    public static String adminUser(View v, AccountView a, String notice, String error) {
        StringOutput out = new StringOutput();
        Jteadmin_userGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, a, notice, error);
        return out.toString();
    }

    public static String adminLink(View v, Issuance.Issued link, boolean invitation) {
        StringOutput out = new StringOutput();
        Jteadmin_linkGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, link, invitation);
        return out.toString();
    }

    public static String adminDepartments(
            View v, List<DepartmentView> departments, List<OrganisationView> partners, String notice, String error) {
        StringOutput out = new StringOutput();
        Jteadmin_departmentsGenerated.render(
                new OwaspHtmlTemplateOutput(out), NONE, v, departments, partners, notice, error);
        return out.toString();
    }

    public static String adminHealth(View v, Health h) {
        StringOutput out = new StringOutput();
        Jteadmin_healthGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, h);
        return out.toString();
    }

    public static String adminPolicy(View v, PolicyText inForce, List<PolicyVersionView> versions, PolicyForm form) {
        StringOutput out = new StringOutput();
        Jteadmin_policyGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, inForce, versions, form);
        return out.toString();
    }

    public static String adminPolicyVersion(
            View v, PolicyVersionView version, boolean proposer, String notice, String error) {
        StringOutput out = new StringOutput();
        Jteadmin_policy_versionGenerated.render(
                new OwaspHtmlTemplateOutput(out), NONE, v, version, proposer, notice, error);
        return out.toString();
    }

    public static String tokens(View v, List<ApiTokenView> tokens, String notice, String error) {
        StringOutput out = new StringOutput();
        JtetokensGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, tokens, notice, error);
        return out.toString();
    }

    public static String tokenCreated(View v, ApiTokens.Created created) {
        StringOutput out = new StringOutput();
        Jtetoken_createdGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, created);
        return out.toString();
    }

    public static String originals(View v, List<OriginalView> requests, String notice) {
        StringOutput out = new StringOutput();
        JteoriginalsGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, requests, notice);
        return out.toString();
    }

    public static String search(
            View v,
            String query,
            List<ItemView> hits,
            List<jp.kakehashi.web.port.Search.FileHit> files,
            String error,
            boolean searched) {
        StringOutput out = new StringOutput();
        JtesearchGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, query, hits, files, error, searched);
        return out.toString();
    }

    public static String error(View v, String title, String message) {
        StringOutput out = new StringOutput();
        JteerrorGenerated.render(new OwaspHtmlTemplateOutput(out), NONE, v, title, message);
        return out.toString();
    }
}
