package jp.kakehashi.policies;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * One YAML mapping read with typed accessors that name the file, line and key in every error,
 * and remember which keys were read so that {@link #finish()} can refuse unknown ones (STYLE
 * §10). Used for the policy files and the appliance's configuration: one way to read our YAML.
 *
 * <p>Only the YAML core schema as plain data: no tags, no anchors beyond a small alias budget,
 * no duplicate keys.
 */
public final class YamlSection {
    private static final Pattern SIZE =
            Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String file;
    private final String path;
    private final MappingNode node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    private YamlSection(String file, String path, MappingNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
        for (NodeTuple t : node.getValue()) {
            entries.put(scalarText(t.getKeyNode()), t);
        }
    }

    /** Reads {@code file}, whose top level must be a mapping. */
    public static YamlSection load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads YAML text; {@code name} is used in error messages. */
    public static YamlSection parse(Reader reader, String name) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(name)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(10)
                .setCodePointLimit(4 * 1024 * 1024)
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeReader(reader);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark()
                    .map(m -> name + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                    .orElse(name);
            throw new ConfigException(where + ": " + e.getProblem().strip(), e);
        } catch (YamlEngineException e) {
            throw new ConfigException(name + ": " + e.getMessage(), e);
        }
        if (root.isEmpty()) {
            return new YamlSection(name, "", emptyMapping());
        }
        if (!(root.get() instanceof MappingNode mapping)) {
            throw new ConfigException(where(name, root.get()) + ": the file must be a mapping of keys to values");
        }
        return new YamlSection(name, "", mapping);
    }

    /** The keys of this mapping in file order; read each through the other accessors. */
    public List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Optional<String> optionalString(String key) {
        Optional<Node> value = value(key);
        if (value.isPresent() && !(value.get() instanceof ScalarNode)) {
            throw error(value.get(), key, "expected a single value");
        }
        return value.map(v -> ((ScalarNode) v).getValue());
    }

    public String string(String key, String defaultValue) {
        return optionalString(key).orElse(defaultValue);
    }

    public String requiredString(String key) {
        return optionalString(key).orElseThrow(() -> error(node, key, "is required"));
    }

    public int integer(String key, int defaultValue, int min, int max) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get().strip());
            if (value < min || value > max) {
                throw error(valueNode(key), key, "must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error(valueNode(key), key, "expected a whole number, was '" + text.get() + "'");
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error(valueNode(key), key, "expected true or false, was '" + text.get() + "'");
        };
    }

    /** A size such as {@code 512MB}, {@code 1GB} or {@code 4096} (bytes); KB/MB/GB are powers of 1024. */
    public long size(String key, long defaultValue) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Matcher m = SIZE.matcher(text.get().strip());
        if (!m.matches()) {
            throw error(valueNode(key), key, "expected a size such as 512KB, 100MB or 1GB, was '" + text.get() + "'");
        }
        long number;
        try {
            number = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw error(valueNode(key), key, "is far too large a size, was '" + text.get() + "'");
        }
        String unit =
                m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT).replace("I", "");
        int shift = switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            case "TB" -> 40;
            default -> 0;
        };
        if (number > Long.MAX_VALUE >> shift) {
            // Shifting further would wrap round to a small or negative size.
            throw error(valueNode(key), key, "is far too large a size, was '" + text.get() + "'");
        }
        return number << shift;
    }

    /** A duration such as {@code 30s}, {@code 5m}, {@code 2h}, {@code 90d} or {@code 500ms}. */
    public Duration duration(String key, Duration defaultValue) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(text.get().strip());
        if (!m.matches()) {
            throw error(
                    valueNode(key),
                    key,
                    "expected a duration such as 500ms, 30s, 5m, 2h or 90d, was '" + text.get() + "'");
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(valueNode(key), key, "is far too long a duration, was '" + text.get() + "'");
        }
    }

    public List<String> strings(String key) {
        List<String> values = new ArrayList<>();
        for (Node item : sequence(key)) {
            if (!(item instanceof ScalarNode scalar)) {
                throw error(item, key, "expected a list of single values");
            }
            values.add(scalar.getValue());
        }
        return values;
    }

    /** The nested mapping under {@code key}; an empty section when the key is absent. */
    public YamlSection section(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return new YamlSection(file, qualified(key), emptyMapping());
        }
        if (!(value.get() instanceof MappingNode mapping)) {
            throw error(value.get(), key, "expected a mapping of keys to values");
        }
        return new YamlSection(file, qualified(key), mapping);
    }

    /** The list of mappings under {@code key}. */
    public List<YamlSection> sections(String key) {
        List<YamlSection> result = new ArrayList<>();
        int index = 0;
        for (Node item : sequence(key)) {
            if (!(item instanceof MappingNode mapping)) {
                throw error(item, key, "expected a list of mappings");
            }
            result.add(new YamlSection(file, qualified(key) + "[" + index++ + "]", mapping));
        }
        return result;
    }

    /** Marks {@code key} as read and returns its value node, if present. */
    private Optional<Node> value(String key) {
        read.add(key);
        NodeTuple t = entries.get(key);
        return t == null ? Optional.empty() : Optional.of(t.getValueNode());
    }

    /** The items of the list under {@code key}; empty when the key is absent. */
    private List<Node> sequence(String key) {
        Optional<Node> value = value(key);
        if (value.isEmpty()) {
            return List.of();
        }
        if (!(value.get() instanceof SequenceNode seq)) {
            throw error(value.get(), key, "expected a list");
        }
        return seq.getValue();
    }

    private static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, List.of(), FlowStyle.AUTO);
    }

    /** Fails on the first key that no accessor asked for, naming file, line and the known keys. */
    public void finish(Set<String> knownKeys) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!read.contains(e.getKey()) && !knownKeys.contains(e.getKey())) {
                Set<String> known = new LinkedHashSet<>(read);
                known.addAll(knownKeys);
                throw new ConfigException(where(file, e.getValue().getKeyNode()) + ": unknown key '"
                        + qualified(e.getKey()) + "'; known keys here: " + String.join(", ", known));
            }
        }
    }

    public void finish() {
        finish(Set.of());
    }

    /** An error about {@code key}'s value, naming file, line and column. */
    public ConfigException error(String key, String problem) {
        return error(has(key) ? valueNode(key) : node, key, problem);
    }

    private Node valueNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? node : t.getValueNode();
    }

    private ConfigException error(Node at, String key, String problem) {
        return new ConfigException(where(file, at) + ": '" + qualified(key) + "' " + problem);
    }

    private String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String where(String file, Node at) {
        Optional<Mark> mark = at.getStartMark();
        return mark.map(m -> file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1))
                .orElse(file);
    }

    private String scalarText(Node key) {
        if (key instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        throw new ConfigException(where(file, key) + ": keys must be plain words");
    }
}
