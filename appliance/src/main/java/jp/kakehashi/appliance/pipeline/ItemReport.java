package jp.kakehashi.appliance.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import jp.kakehashi.appliance.approval.RejectionReason;
import jp.kakehashi.policies.PolicyReason;
import jp.kakehashi.sanitizer.ReasonCode;
import jp.kakehashi.sanitizer.Removal;

/**
 * Reads what an item's stored fields mean for the people who see it: the Japanese and English
 * text of its reason code, and the removals the sanitizer reported. The SFTP receipts and the
 * web portals both read items through here.
 */
public final class ItemReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ItemReport() {}

    /** A reason code's readable texts. */
    public record Texts(String ja, String en) {}

    /** The texts of a stored reason code, from the sanitizer's, the policy's or the approvals' codes. */
    public static Texts reason(String code) {
        for (ReasonCode c : ReasonCode.values()) {
            if (c.name().equals(code)) {
                return new Texts(c.ja(), c.en());
            }
        }
        for (PolicyReason r : PolicyReason.values()) {
            if (r.name().equals(code)) {
                return new Texts(r.ja(), r.en());
            }
        }
        for (RejectionReason r : RejectionReason.values()) {
            if (r.name().equals(code)) {
                return new Texts(r.ja(), r.en());
            }
        }
        return new Texts(code, code);
    }

    /** True for the policy's own codes, whose detail is the rule's message to the sender. */
    /**
     * Whether a stopped file's detail is written for its sender: a policy rule's message to them,
     * or the comment an approver wrote when rejecting. Other details (a malware signature, where a
     * parser failed, an internal expiry note) are for the officers.
     */
    public static boolean detailForSender(String code) {
        return isPolicyReason(code) || code.equals(RejectionReason.APPROVAL_REJECTED.name());
    }

    public static boolean isPolicyReason(String code) {
        for (PolicyReason r : PolicyReason.values()) {
            if (r.name().equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** The removals stored with the item (JSON written by the pipeline); unreadable JSON reads as none. */
    public static List<Removal> removals(String json) {
        if (json.isBlank()) {
            return List.of();
        }
        try {
            List<Removal> out = new ArrayList<>();
            for (JsonNode r : JSON.readTree(json)) {
                out.add(new Removal(
                        r.path("kind").asText(),
                        r.path("detail").asText(),
                        Math.max(1, r.path("count").asInt(1))));
            }
            return out;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return List.of();
        }
    }
}
