package jp.kakehashi.appliance.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.kakehashi.policies.Zone;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
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
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.jspecify.annotations.Nullable;

/**
 * Lucene with Kuromoji over the renditions' text. The daemon opens it for writing; the CLI opens
 * it read-only beside a running daemon. Queries are not Lucene syntax: the text is analysed into
 * words that must all occur, so no regex, wildcard or fuzzy query can be smuggled in (ATTACKS
 * SRCH-01).
 */
public final class SearchIndex implements AutoCloseable {
    /** Longest query accepted, in characters. */
    public static final int MAX_QUERY_CHARS = 200;

    private static final int MAX_TERMS = 32;

    private final Directory directory;
    private final Analyzer analyzer = new JapaneseAnalyzer();
    private final @Nullable IndexWriter writer;
    private final SearcherManager searchers;

    private SearchIndex(Directory directory, @Nullable IndexWriter writer, SearcherManager searchers) {
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
    }

    /** Opens (creating) the index for writing; one writer per directory. */
    public static SearchIndex open(Path dir) {
        try {
            Directory directory = FSDirectory.open(dir);
            IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(new JapaneseAnalyzer()));
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

    /** Adds or replaces the text of one item's rendition and makes it searchable before returning. */
    public void put(String itemId, String name, String text, Zone zone, String organisation) {
        if (writer == null) {
            throw new IllegalStateException("the index was opened read-only");
        }
        Document doc = new Document();
        doc.add(new StringField("id", itemId, Field.Store.YES));
        doc.add(new StringField("zone", zone.word(), Field.Store.NO));
        doc.add(new StringField("org", organisation, Field.Store.NO));
        doc.add(new TextField("name", name, Field.Store.NO));
        doc.add(new TextField("text", text, Field.Store.NO));
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
     * Ids of items in {@code zone} (and {@code organisation}, when given) whose name or text has
     * every word of {@code query}, best first. The caller still checks each item's state.
     *
     * @throws IllegalArgumentException when the query is empty, too long or has too many words
     */
    public List<String> search(String query, Zone zone, Optional<String> organisation, int limit) {
        if (query.length() > MAX_QUERY_CHARS) {
            throw new IllegalArgumentException("the query is longer than " + MAX_QUERY_CHARS + " characters (検索語は"
                    + MAX_QUERY_CHARS + "文字以内にしてください)");
        }
        List<String> words = analyse(query);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the query has no searchable words (検索できる語がありません)");
        }
        if (words.size() > MAX_TERMS) {
            throw new IllegalArgumentException("the query has more than " + MAX_TERMS + " words (語が多すぎます)");
        }
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        for (String word : words) {
            q.add(
                    new BooleanQuery.Builder()
                            .add(new TermQuery(new Term("text", word)), BooleanClause.Occur.SHOULD)
                            .add(new TermQuery(new Term("name", word)), BooleanClause.Occur.SHOULD)
                            .build(),
                    BooleanClause.Occur.MUST);
        }
        q.add(new TermQuery(new Term("zone", zone.word())), BooleanClause.Occur.FILTER);
        organisation.ifPresent(org -> q.add(new TermQuery(new Term("org", org)), BooleanClause.Occur.FILTER));
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
        return words;
    }

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
