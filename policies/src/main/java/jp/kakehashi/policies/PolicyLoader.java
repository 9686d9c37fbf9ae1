package jp.kakehashi.policies;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads policy files. The format, documented in the shipped {@code default-policy.yaml}:
 *
 * <pre>
 * version: 1
 * flows:
 *   - id: inbound-disarm            # cited in every decision
 *     flow: internet -> lgwan
 *     allow-types: [application/pdf, text/plain]
 *     max-size: 1GB
 *     block-type-mismatch: true
 * </pre>
 */
public final class PolicyLoader {
    private PolicyLoader() {}

    /** The default policy shipped with Kakehashi, following the MIC three-layer model. */
    public static Policy shippedDefault() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream("default-policy.yaml")) {
            if (in == null) {
                throw new ConfigException("default-policy.yaml is missing from the policies jar");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8), "default-policy.yaml");
        } catch (IOException e) {
            throw new ConfigException("cannot read the shipped default policy", e);
        }
    }

    public static Policy load(Path file) {
        return read(YamlSection.load(file));
    }

    public static Policy read(Reader reader, String name) {
        return read(YamlSection.parse(reader, name));
    }

    private static Policy read(YamlSection root) {
        int version = root.integer("version", 1, 1, 1);
        if (version != 1) {
            throw root.error("version", "must be 1");
        }
        List<FlowRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlSection s : root.sections("flows")) {
            String idText = s.requiredString("id");
            if (!ids.add(idText)) {
                throw s.error("id", "'" + idText + "' is used by two rules");
            }
            RuleId id;
            Flow flow;
            try {
                id = new RuleId(idText);
            } catch (IllegalArgumentException e) {
                throw s.error("id", String.valueOf(e.getMessage()));
            }
            try {
                flow = Flow.parse(s.requiredString("flow"));
            } catch (IllegalArgumentException e) {
                throw s.error("flow", String.valueOf(e.getMessage()));
            }
            Set<String> types = new LinkedHashSet<>(s.strings("allow-types"));
            long maxBytes = s.size("max-size", 100L << 20);
            boolean mismatch = s.bool("block-type-mismatch", true);
            s.string("description", "");
            s.finish();
            rules.add(new FlowRule(id, flow, types, maxBytes, mismatch));
        }
        root.finish();
        return new Policy(rules);
    }
}
