package jp.kakehashi.appliance.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jp.kakehashi.policies.Zone;
import jp.kakehashi.policies.dlp.DlpScanner;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.jspecify.annotations.Nullable;

/**
 * Lucene with Kuromoji over the renditions' text. The daemon opens it for writing; the CLI opens
 * it read-only beside a running daemon. Queries are never Lucene syntax: {@link SearchQuery}
 * parses our own small grammar and this class builds the Lucene query from its tree, so no regex,
 * wildcard or fuzzy query can be smuggled in (ATTACKS SRCH-01).
 *
 * <p>Long because indexing, the translation of the query tree, folder search and snippets share one
 * Lucene writer, searcher and analyzer.
 */
public final class SearchIndex implements AutoCloseable {
    /** The department a file is addressed to or sent from; absent when it names none. */
    private static final String DEPARTMENT = "dept";

    /** Longest query accepted, in characters. */
    public static final int MAX_QUERY_CHARS = SearchQuery.MAX_CHARS;

    /** Hits looked at per folder hit wanted: older versions of the same files are passed over. */
    private static final int FOLDER_CANDIDATES = 4;

    /** Most analysed words one word or phrase of a query may stand for. */
    private static final int MAX_TERMS = 32;

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneId.of("Asia/Tokyo"));

    private final Directory directory;
    private final Analyzer analyzer = analyzer();
    private final @Nullable IndexWriter writer;
    private final SearcherManager searchers;

    private SearchIndex(Directory directory, @Nullable IndexWriter writer, SearcherManager searchers) {
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    /**
     * Kuromoji (search mode) for the words of the text and the name, and CJK bigrams of the same
     * for names and words the dictionary does not know.
     */
    private static Analyzer analyzer() {
        return new PerFieldAnalyzerWrapper(
                new JapaneseAnalyzer(), Map.of("text_bi", new CJKAnalyzer(), "name_bi", new CJKAnalyzer()));
    }

    /** Opens (creating) the index for writing; one writer per directory. */
    public static SearchIndex open(Path dir) {
        try {
            Directory directory = FSDirectory.open(dir);
            IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer()));
            writer.commit();
            return new SearchIndex(directory, writer, new SearcherManager(writer, null));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the search index in " + dir, e);
        }
    }

    /** Opens an existing index for searching only (beside a running daemon). */
    public static SearchIndex openReadOnly(Path dir) {
        try {
            Directory directory = FSDirectory.open(dir);
            return new SearchIndex(directory, null, new SearcherManager(DirectoryReader.open(directory), null));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the search index in " + dir + " (has the appliance been started?)", e);
        }
    }

    /**
     * Adds or replaces the text of one item's rendition and makes it searchable before returning.
     * {@code type} is the rendition's media type; {@code received} gives the day {@code date:}
     * filters on (Japan time).
     */
    public void put(
            String itemId, String name, String text, Zone zone, String organisation, String type, Instant received) {
        put(itemId, name, text, zone, organisation, Optional.empty(), type, received);
    }

    /**
     * {@link #put} for a file addressed to a department of the city (or sent from one): staff of
     * other departments do not find it ({@link #search} with a department).
     */
    public void put(
            String itemId,
            String name,
            String text,
            Zone zone,
            String organisation,
            Optional<String> department,
            String type,
            Instant received) {
        Document doc = document(itemId, name, text, zone, organisation, type, received, Field.Store.NO);
        department.ifPresent(d -> doc.add(new StringField(DEPARTMENT, d, Field.Store.NO)));
        write(itemId, doc);
    }

    /**
     * Adds or replaces the text of a shared-folder version's rendition. It is kept out of inbox
     * searches ({@link #search}); only {@link #searchFolders}, over the folders a user belongs to,
     * may return it. Its text is stored, for the snippets.
     */
    public void putInFolder(
            String itemId,
            String name,
            String text,
            Zone zone,
            String organisation,
            String type,
            Instant received,
            long folder,
            String folderName) {
        Document doc = document(itemId, name, text, zone, organisation, type, received, Field.Store.YES);
        doc.add(new StringField("channel", "folder", Field.Store.NO));
        doc.add(new StringField("folder", Long.toString(folder), Field.Store.YES));
        doc.add(new StringField("folder_name", SearchQuery.normalise(folderName), Field.Store.NO));
        write(itemId, doc);
    }

    private Document document(
            String itemId,
            String name,
            String text,
            Zone zone,
            String organisation,
            String type,
            Instant received,
            Field.Store storeText) {
        // An archive's member marks are for DLP; to a reader of a snippet they are line breaks.
        String readable = text.replace(DlpScanner.MEMBER, '\n');
        Document doc = new Document();
        doc.add(new StringField("id", itemId, Field.Store.YES));
        doc.add(new StringField("zone", zone.word(), Field.Store.NO));
        doc.add(new StringField("org", organisation, Field.Store.NO));
        doc.add(new TextField("name", name, Field.Store.NO));
        doc.add(new TextField("text", readable, storeText));
        doc.add(new TextField("name_bi", name, Field.Store.NO));
        doc.add(new TextField("text_bi", readable, Field.Store.NO));
        for (String t : types(name, type)) {
            doc.add(new StringField("type", t, Field.Store.NO));
        }
        doc.add(new StringField("date", DAY.format(received), Field.Store.NO));
        return doc;
    }

    private void write(String itemId, Document doc) {
        if (writer == null) {
            throw new IllegalStateException("the index was opened read-only");
        }
        try {
            writer.updateDocument(new Term("id", itemId), doc);
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index item " + itemId, e);
        }
    }

    /** Removes one item's text (retention); nothing happens when it was never indexed. */
    public void delete(String itemId) {
        if (writer == null) {
            throw new IllegalStateException("the index was opened read-only");
        }
        try {
            writer.deleteDocuments(new Term("id", itemId));
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove item " + itemId + " from the index", e);
        }
    }

    /**
     * Ids of items in {@code zone} (and {@code organisation}, when given) that {@code query}
     * finds, best first, never a shared-folder version. The caller still checks each item's state.
     *
     * @throws SearchQuery.Refused when the query is outside the grammar or its limits, or has
     *     nothing searchable in it
     */
    public List<String> search(String query, Zone zone, Optional<String> organisation, int limit) {
        return search(query, zone, organisation, Optional.empty(), limit);
    }

    /**
     * {@link #search}, and when {@code department} is given only among the files addressed to
     * that department or to none (those sent before departments, or while the city has no reception).
     */
    public List<String> search(
            String query, Zone zone, Optional<String> organisation, Optional<String> department, int limit) {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        q.add(words(query), BooleanClause.Occur.MUST);
        q.add(new TermQuery(new Term("zone", zone.word())), BooleanClause.Occur.FILTER);
        organisation.ifPresent(org -> q.add(new TermQuery(new Term("org", org)), BooleanClause.Occur.FILTER));
        department.ifPresent(d -> q.add(
                new BooleanQuery.Builder()
                        .add(new TermQuery(new Term(DEPARTMENT, d)), BooleanClause.Occur.SHOULD)
                        .add(
                                new BooleanQuery.Builder()
                                        .add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST)
                                        .add(
                                                new TermRangeQuery(DEPARTMENT, null, null, true, true),
                                                BooleanClause.Occur.MUST_NOT)
                                        .build(),
                                BooleanClause.Occur.SHOULD)
                        .build(),
                BooleanClause.Occur.FILTER));
        q.add(new TermQuery(new Term("channel", "folder")), BooleanClause.Occur.MUST_NOT);
        try {
            searchers.maybeRefresh();
            IndexSearcher searcher = searchers.acquire();
            try {
                List<String> ids = new ArrayList<>();
                StoredFields fields = searcher.storedFields();
                for (ScoreDoc hit : searcher.search(q.build(), limit).scoreDocs) {
                    ids.add(fields.document(hit.doc).get("id"));
                }
                return ids;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("search failed", e);
        }
    }

    /** A shared-folder version a search found, and the passage of its text that matched. */
    public record FolderHit(String itemId, long folder, List<Fragment> snippet) {
        public FolderHit {
            snippet = List.copyOf(snippet);
        }
    }

    /** A piece of a snippet: text, and whether it is what the query matched. */
    public record Fragment(String text, boolean match) {}

    /**
     * Versions in {@code folders} that {@code query} finds, best first, with a snippet each. The
     * index keeps every version's text; only hits whose item {@code current} accepts (the version
     * the user may see now) are kept, so an old version's words never come back as the file's
     * current text, and only those kept are highlighted, which is the costly part.
     *
     * @throws SearchQuery.Refused as {@link #search} does
     */
    public List<FolderHit> searchFolders(
            String query, java.util.Set<Long> folders, int limit, java.util.function.Predicate<String> current) {
        Query words = words(query);
        if (folders.isEmpty()) {
            return List.of();
        }
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        q.add(words, BooleanClause.Occur.MUST);
        q.add(new TermQuery(new Term("channel", "folder")), BooleanClause.Occur.FILTER);
        q.add(
                new TermInSetQuery(
                        "folder",
                        folders.stream()
                                .map(f -> new BytesRef(Long.toString(f)))
                                .toList()),
                BooleanClause.Occur.FILTER);
        Query built = q.build();
        try {
            searchers.maybeRefresh();
            IndexSearcher searcher = searchers.acquire();
            try {
                StoredFields fields = searcher.storedFields();
                List<Integer> kept = new ArrayList<>();
                List<Document> keptDocs = new ArrayList<>();
                for (ScoreDoc hit : searcher.search(built, limit * FOLDER_CANDIDATES).scoreDocs) {
                    Document doc = fields.document(hit.doc, java.util.Set.of("id", "folder"));
                    if (current.test(doc.get("id"))) {
                        kept.add(hit.doc);
                        keptDocs.add(doc);
                        if (kept.size() == limit) {
                            break;
                        }
                    }
                }
                if (kept.isEmpty()) {
                    return List.of();
                }
                String[] snippets = Snippets.highlighter(searcher, analyzer)
                        .highlightFields(
                                new String[] {"text"},
                                built,
                                kept.stream().mapToInt(Integer::intValue).toArray(),
                                new int[] {2})
                        .getOrDefault("text", new String[kept.size()]);
                List<FolderHit> hits = new ArrayList<>();
                for (int i = 0; i < kept.size(); i++) {
                    hits.add(new FolderHit(
                            keptDocs.get(i).get("id"),
                            Long.parseLong(keptDocs.get(i).get("folder")),
                            Snippets.fragments(snippets[i])));
                }
                return hits;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("search failed", e);
        }
    }

    /** The Lucene query for what a person typed, or the refusal of it. */
    private Query words(String query) {
        return compile(SearchQuery.parse(query))
                .orElseThrow(() ->
                        new SearchQuery.Refused("NO_WORDS", 0, "検索できる語がありません", "the query has no searchable words"));
    }

    /**
     * The Lucene query for a parsed one; empty when it has no word that survives analysis (only
     * particles such as の, which the analyser drops).
     */
    Optional<Query> compile(SearchQuery query) {
        return switch (query) {
            case SearchQuery.Word w -> word(w);
            case SearchQuery.Phrase p -> phrase(p);
            case SearchQuery.Prefix p -> Optional.of(prefix(p));
            case SearchQuery.Not n ->
                compile(n.query())
                        .map(inner -> new BooleanQuery.Builder()
                                .add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER)
                                .add(inner, BooleanClause.Occur.MUST_NOT)
                                .build());
            case SearchQuery.And a -> combine(a.all(), BooleanClause.Occur.MUST);
            case SearchQuery.Or o -> combine(o.any(), BooleanClause.Occur.SHOULD);
        };
    }

    private Optional<Query> combine(List<SearchQuery> parts, BooleanClause.Occur occur) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        int n = 0;
        for (SearchQuery part : parts) {
            Optional<Query> q = compile(part);
            if (q.isPresent()) {
                b.add(q.get(), occur);
                n++;
            }
        }
        return n == 0 ? Optional.empty() : Optional.of(b.build());
    }

    private Optional<Query> word(SearchQuery.Word w) {
        switch (w.field()) {
            case "partner" -> {
                return Optional.of(new TermQuery(new Term("org", w.text())));
            }
            case "type" -> {
                return Optional.of(new TermQuery(new Term("type", SearchQuery.normalise(w.text()))));
            }
            case "date" -> {
                return Optional.of(new PrefixQuery(new Term("date", w.text())));
            }
            case "folder" -> {
                return Optional.of(new TermQuery(new Term("folder_name", SearchQuery.normalise(w.text()))));
            }
            default -> {
                List<String> words = analyse(w.text());
                if (words.isEmpty()) {
                    return Optional.empty();
                }
                BooleanQuery.Builder all = new BooleanQuery.Builder();
                for (String word : words) {
                    all.add(
                            anyOf(fields(w.field(), false), f -> new TermQuery(new Term(f, word))),
                            BooleanClause.Occur.MUST);
                }
                // Kuromoji's words, or the same characters in a row: a name or a word the
                // dictionary does not know may be cut where the person did not cut it.
                return Optional.of(orBigrams(all.build(), w.field(), w.text()));
            }
        }
    }

    private Optional<Query> phrase(SearchQuery.Phrase p) {
        if (!p.field().equals(SearchQuery.ANYWHERE) && !p.field().equals("name")) {
            return word(new SearchQuery.Word(p.field(), p.text()));
        }
        List<Placed> words = analysePath("text", p.text());
        if (words.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(orBigrams(anyOf(fields(p.field(), false), f -> phraseOn(f, words)), p.field(), p.text()));
    }

    /**
     * Words starting with the stem. Japanese has no spaces between words and the analyser files
     * words under their dictionary form (見守り under 見守る), so a Japanese stem is also looked
     * for as the same characters in a row: 見守り* finds what 見守り finds, and more.
     */
    private Query prefix(SearchQuery.Prefix p) {
        Query words = anyOf(fields(p.field(), false), f -> new PrefixQuery(new Term(f, p.stem())));
        return p.stem().codePoints().anyMatch(SearchIndex::japanese) ? orBigrams(words, p.field(), p.stem()) : words;
    }

    private static boolean japanese(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    /** {@code words} or, as bigrams, the same characters in a row. */
    private Query orBigrams(Query words, String field, String text) {
        List<Placed> bigrams = analysePath("text_bi", text);
        if (bigrams.isEmpty()) {
            return words;
        }
        return new BooleanQuery.Builder()
                .add(words, BooleanClause.Occur.SHOULD)
                .add(anyOf(fields(field, true), f -> phraseOn(f, bigrams)), BooleanClause.Occur.SHOULD)
                .build();
    }

    private static Query phraseOn(String field, List<Placed> words) {
        PhraseQuery.Builder b = new PhraseQuery.Builder();
        for (Placed w : words) {
            b.add(new Term(field, w.word()), w.position());
        }
        return b.build();
    }

    /** The fields a word is looked for in: the text and the file name, or the name only for {@code name:}. */
    private static List<String> fields(String queryField, boolean bigrams) {
        if (queryField.equals("name")) {
            return List.of(bigrams ? "name_bi" : "name");
        }
        return bigrams ? List.of("text_bi", "name_bi") : List.of("text", "name");
    }

    private static Query anyOf(List<String> fields, java.util.function.Function<String, Query> on) {
        if (fields.size() == 1) {
            return on.apply(fields.get(0));
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String f : fields) {
            any.add(on.apply(f), BooleanClause.Occur.SHOULD);
        }
        return any.build();
    }

    /** What {@code type:} matches: the media type, its subtype and the file name's extension. */
    static List<String> types(String name, String type) {
        List<String> out = new ArrayList<>();
        String media = SearchQuery.normalise(type);
        if (!media.isEmpty()) {
            out.add(media);
            int slash = media.indexOf('/');
            if (slash >= 0 && slash < media.length() - 1) {
                out.add(media.substring(slash + 1));
            }
        }
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && dot < name.length() - 1) {
            out.add(SearchQuery.normalise(name.substring(dot + 1)));
        }
        return out.stream().distinct().toList();
    }

    private List<String> analyse(String text) {
        List<String> words = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                words.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot analyse the query", e);
        }
        return limited(words);
    }

    private static List<String> limited(List<String> words) {
        if (words.size() > MAX_TERMS) {
            throw new SearchQuery.Refused(
                    "TOO_MANY_WORDS",
                    0,
                    "1つの語や語句が長すぎます（" + MAX_TERMS + "語まで）",
                    "one word or phrase stands for more than " + MAX_TERMS + " words");
        }
        return words;
    }

    /**
     * The words of a phrase one after the other. Kuromoji's search mode also emits a compound
     * over its parts at the same position; those are left out so the words line up with the
     * positions in the index.
     */
    private List<Placed> analysePath(String field, String text) {
        List<Placed> words = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            // Particles the analyser drops leave gaps; the phrase keeps them, as the index does.
            int position = -1;
            while (ts.incrementToken()) {
                if (increment.getPositionIncrement() > 0) {
                    position += increment.getPositionIncrement();
                    words.add(new Placed(term.toString(), Math.max(0, position)));
                }
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot analyse the query", e);
        }
        limited(words.stream().map(Placed::word).toList());
        if (!words.isEmpty() && words.get(0).position() > 0) {
            int shift = words.get(0).position();
            return words.stream()
                    .map(w -> new Placed(w.word(), w.position() - shift))
                    .toList();
        }
        return words;
    }

    /** A word of a phrase and its position in it. */
    private record Placed(String word, int position) {}

    @Override
    public void close() {
        try {
            searchers.close();
            if (writer != null) {
                writer.close();
            }
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the search index", e);
        }
    }
}
