// The post model: byte-exact round trips, targeted patches, and bad input.

#include "testutil.h"

#include <editor/post.h>

#include <QElapsedTimer>
#include <QtTest>

using namespace Meetdown;

namespace {

const QByteArray seed = "---\n"
                        "layout: post\n"
                        "title:  \"Talks – March, 2021\"   # shown on the front page\n"
                        "author: rahul\n"
                        "# tags are people\n"
                        "tags: [rahul]\n"
                        "description: 'In collaboration with PythonPune'\n"
                        "categories: [ meetup, talks, workshop ]\n"
                        "image:\n"
                        "featured: true\n"
                        "hidden: false\n"
                        "---\n"
                        "\n"
                        "Body text.\n";

} // namespace

class TestPost final : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
    void frontMatterDetection_data();
    void frontMatterDetection();
    void setStringChangesOnlyThatLine();
    void setKeepsQuoteStyleSpacingAndComment();
    void setQuotesWhatJekyllWouldMisread_data();
    void setQuotesWhatJekyllWouldMisread();
    void addThenRemoveRestoresBytes();
    void addToFileWithoutFrontMatterAndRemove();
    void removeTakesOnlyItsLines();
    void setListKeepsStyle();
    void setMultiLineValue();
    void setBodyLeavesFrontMatter();
    void crlfFileStaysCrlf();
    void brokenYamlKeepsEverything();
    void frontMatterMustBeAMapping();
    void deepNestingIsAnError();
    void aliasBombIsAnError();
    void invalidUtf8IsRefused();
    void emptyFile();
    void hugeFileIsRefusedQuickly();
    void duplicateKeysFlaggedLastWins();
    void invalidEditRollsBack();
    void keyLines();
    void bodyAfterClosingAtEndOfFile();
};

void TestPost::roundTrip_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("seed") << seed;
    QTest::newRow("crlf") << QByteArray(seed).replace("\n", "\r\n");
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF") + seed;
    QTest::newRow("no final newline") << QByteArray("---\ntitle: x\n---\nbody");
    QTest::newRow("closing at eof") << QByteArray("---\ntitle: x\n---");
    QTest::newRow("dots closer") << QByteArray("---\ntitle: x\n...\nbody\n");
    QTest::newRow("trailing spaces on delimiters") << QByteArray("--- \ntitle: x\n---  \nbody\n");
    QTest::newRow("empty front matter") << QByteArray("---\n---\nbody\n");
    QTest::newRow("no front matter") << QByteArray("# Title\n\nbody\n");
    QTest::newRow("only opening") << QByteArray("---\ntitle: x\nno closer\n");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("nbsp and tabs") << QByteArray("---\ntitle: a\xC2\xA0"
                                                 "b\n---\n\tcode\n");
}

void TestPost::roundTrip()
{
    QFETCH(QByteArray, bytes);
    const Post post = Post::fromBytes(bytes);
    QCOMPARE(post.toBytes(), bytes);
}

void TestPost::frontMatterDetection_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("hasFrontMatter");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("standard") << QByteArray("---\na: 1\n---\nbody\n") << true
                              << QByteArray("body\n");
    QTest::newRow("rule in body") << QByteArray("Intro\n\n---\n\nMore\n---\n") << false
                                  << QByteArray("Intro\n\n---\n\nMore\n---\n");
    QTest::newRow("body starting with a rule after front matter")
        << QByteArray("---\na: 1\n---\n---\nafter rule\n") << true
        << QByteArray("---\nafter rule\n");
    QTest::newRow("fenced example")
        << QByteArray("Example:\n\n```\n---\ntitle: x\n---\n```\n") << false
        << QByteArray("Example:\n\n```\n---\ntitle: x\n---\n```\n");
    QTest::newRow("indented opener")
        << QByteArray(" ---\na: 1\n---\n") << false << QByteArray(" ---\na: 1\n---\n");
    QTest::newRow("opener with text")
        << QByteArray("--- a\nb: 1\n---\n") << false << QByteArray("--- a\nb: 1\n---\n");
    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF---\na: 1\n---\nx") << true << QByteArray("x");
}

void TestPost::frontMatterDetection()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, hasFrontMatter);
    QFETCH(QByteArray, body);
    const Post post = Post::fromBytes(bytes);
    QCOMPARE(post.hasFrontMatter(), hasFrontMatter);
    QCOMPARE(post.bodyBytes(), body);
    QCOMPARE(post.toBytes(), bytes);
}

void TestPost::setStringChangesOnlyThatLine()
{
    Post post = Post::fromBytes(seed);
    QCOMPARE(post.setString(QStringLiteral("author"), QStringLiteral("janaki")), QString());
    QCOMPARE(TestUtil::changedLineCount(seed, post.toBytes()), 1);
    QVERIFY(post.toBytes().contains("\nauthor: janaki\n"));
    QVERIFY(post.toBytes().contains("# tags are people\n"));
    QCOMPARE(post.value(QStringLiteral("author")).toString(), QStringLiteral("janaki"));
}

void TestPost::setKeepsQuoteStyleSpacingAndComment()
{
    Post post = Post::fromBytes(seed);
    QCOMPARE(post.setString(QStringLiteral("title"), QStringLiteral("April \"talks\"")), QString());
    QVERIFY2(
        post.toBytes().contains("title:  \"April \\\"talks\\\"\"   # shown on the front page\n"),
        post.toBytes().constData());
    QCOMPARE(post.setString(QStringLiteral("description"), QStringLiteral("It's here")), QString());
    QVERIFY(post.toBytes().contains("description: 'It''s here'\n"));
    QCOMPARE(post.value(QStringLiteral("description")).toString(), QStringLiteral("It's here"));
    QCOMPARE(TestUtil::changedLineCount(seed, post.toBytes()), 2);
}

void TestPost::setQuotesWhatJekyllWouldMisread_data()
{
    QTest::addColumn<QString>("text");
    for (const char *s : {"no",
                          "yes",
                          "on",
                          "Off",
                          "true",
                          "null",
                          "~",
                          "2024-05-01",
                          "12:30",
                          "0755",
                          "3,5",
                          "1e3",
                          ".5",
                          "Foo: bar",
                          "#12",
                          "- item",
                          "@user",
                          "`code`",
                          "a #b",
                          "trailing:",
                          " lead",
                          "trail ",
                          "",
                          "[x]",
                          "{y}",
                          "*star",
                          "&anchor",
                          "!tag",
                          "|",
                          ">",
                          "%percent",
                          "'single'",
                          "\"double\"",
                          "line\nbreak",
                          "tab\there",
                          ":symbol",
                          "2024-05-01 10:00:00 +0530",
                          ".inf",
                          "0x1F",
                          "0b11",
                          "1_000",
                          "+1",
                          "-1",
                          "Café Ñandú",
                          "emoji 😀",
                          "back\\slash"}) {
        QTest::newRow(s) << QString::fromUtf8(s);
    }
}

void TestPost::setQuotesWhatJekyllWouldMisread()
{
    QFETCH(QString, text);
    Post post = Post::fromBytes("---\ntitle: old\n---\n");
    QCOMPARE(post.setString(QStringLiteral("title"), text), QString());
    const QVariant v = post.value(QStringLiteral("title"));
    QCOMPARE(v.typeId(), int(QMetaType::QString));
    QCOMPARE(v.toString(), text);
}

void TestPost::addThenRemoveRestoresBytes()
{
    Post post = Post::fromBytes(seed);
    QCOMPARE(post.setString(QStringLiteral("location"), QStringLiteral("Bangalore")), QString());
    QVERIFY(post.toBytes().contains("hidden: false\nlocation: Bangalore\n---\n"));
    QCOMPARE(post.remove(QStringLiteral("location")), QString());
    QCOMPARE(post.toBytes(), seed);
}

void TestPost::addToFileWithoutFrontMatterAndRemove()
{
    const QByteArray plain = "# Notes\n\nbody\n";
    Post post = Post::fromBytes(plain);
    QCOMPARE(post.setString(QStringLiteral("title"), QStringLiteral("Notes")), QString());
    QCOMPARE(post.toBytes(), QByteArray("---\ntitle: Notes\n---\n# Notes\n\nbody\n"));
    QCOMPARE(post.remove(QStringLiteral("title")), QString());
    QCOMPARE(post.toBytes(), plain);
}

void TestPost::removeTakesOnlyItsLines()
{
    const QByteArray bytes = "---\ntitle: x\nspeakers:\n  - name: A\n    title: T\n\n  - name: "
                             "B\n# keep me\nduration: 3\n---\n";
    Post post = Post::fromBytes(bytes);
    QCOMPARE(post.remove(QStringLiteral("speakers")), QString());
    QCOMPARE(post.toBytes(), QByteArray("---\ntitle: x\n# keep me\nduration: 3\n---\n"));
}

void TestPost::setListKeepsStyle()
{
    Post flow = Post::fromBytes(seed);
    QCOMPARE(flow.setStringList(QStringLiteral("categories"),
                                {QStringLiteral("meetup"), QStringLiteral("a, b")}),
             QString());
    QVERIFY2(flow.toBytes().contains("categories: [ meetup, \"a, b\" ]\n"),
             flow.toBytes().constData());
    QCOMPARE(flow.value(QStringLiteral("categories")).toStringList(),
             QStringList({QStringLiteral("meetup"), QStringLiteral("a, b")}));

    const QByteArray blockBytes = "---\nauthors: \n  - jayita\ntitle: x\n---\n";
    Post block = Post::fromBytes(blockBytes);
    QCOMPARE(block.setStringList(QStringLiteral("authors"),
                                 {QStringLiteral("jayita"), QStringLiteral("no")}),
             QString());
    QCOMPARE(block.toBytes(),
             QByteArray("---\nauthors: \n  - jayita\n  - \"no\"\ntitle: x\n---\n"));
    QCOMPARE(block.value(QStringLiteral("authors")).toStringList(),
             QStringList({QStringLiteral("jayita"), QStringLiteral("no")}));

    Post plain = Post::fromBytes("---\ncategories: meetup\n---\n");
    QCOMPARE(plain.setStringList(QStringLiteral("categories"),
                                 {QStringLiteral("meetup"), QStringLiteral("talks")}),
             QString());
    QCOMPARE(plain.toBytes(), QByteArray("---\ncategories: meetup talks\n---\n"));
}

void TestPost::setMultiLineValue()
{
    Post post = Post::fromBytes("---\ntitle: x\n---\n");
    QCOMPARE(
        post.setValueYaml(QStringLiteral("speakers"), QStringLiteral("  - name: A\n  - name: B")),
        QString());
    QCOMPARE(post.toBytes(),
             QByteArray("---\ntitle: x\nspeakers:\n  - name: A\n  - name: B\n---\n"));
    QCOMPARE(post.value(QStringLiteral("speakers")).toList().size(), 2);

    // Written at column 0, a nested map goes under its key, not beside it.
    Post map = Post::fromBytes("---\ntitle: x\n---\n");
    QCOMPARE(map.setValueYaml(QStringLiteral("venue"), QStringLiteral("name: Lab\ncity: Pune")),
             QString());
    QCOMPARE(map.toBytes(), QByteArray("---\ntitle: x\nvenue:\n  name: Lab\n  city: Pune\n---\n"));
    QCOMPARE(map.keys(), QStringList({QStringLiteral("title"), QStringLiteral("venue")}));
    Post literal = Post::fromBytes("---\ntitle: x\n---\n");
    QCOMPARE(
        literal.setValueYaml(QStringLiteral("excerpt"), QStringLiteral("|\nline one\nline two")),
        QString());
    QCOMPARE(literal.toBytes(),
             QByteArray("---\ntitle: x\nexcerpt: |\n  line one\n  line two\n---\n"));
    QCOMPARE(literal.value(QStringLiteral("excerpt")).toString(),
             QStringLiteral("line one\nline two\n"));
    Post list = Post::fromBytes("---\ntitle: x\n---\n");
    QCOMPARE(list.setValueYaml(QStringLiteral("tags"), QStringLiteral("\n  - a\n  - b\n")),
             QString());
    QCOMPARE(list.toBytes(), QByteArray("---\ntitle: x\ntags:\n  - a\n  - b\n---\n"));
    // A delimiter line inside a value would end the front matter early: refused.
    QVERIFY(
        !list.setValueYaml(QStringLiteral("note"), QStringLiteral("|\n  a\n---\n  b")).isEmpty());
    QVERIFY(!list.setFrontMatterText("title: x\n...\nmore: 1\n").isEmpty());
    QCOMPARE(list.toBytes(), QByteArray("---\ntitle: x\ntags:\n  - a\n  - b\n---\n"));
}

void TestPost::setBodyLeavesFrontMatter()
{
    Post post = Post::fromBytes(seed);
    post.setBody(QStringLiteral("New body\n"));
    QVERIFY(post.toBytes().startsWith(seed.left(seed.indexOf("\n---\n") + 5)));
    QVERIFY(post.toBytes().endsWith("---\nNew body\n"));
}

void TestPost::crlfFileStaysCrlf()
{
    const QByteArray crlf = QByteArray(seed).replace("\n", "\r\n");
    Post post = Post::fromBytes(crlf);
    QCOMPARE(post.body(), QStringLiteral("\nBody text.\n"));
    QCOMPARE(post.setString(QStringLiteral("author"), QStringLiteral("x")), QString());
    QCOMPARE(post.setString(QStringLiteral("venue"), QStringLiteral("y")), QString());
    post.setBody(QStringLiteral("a\nb\n"));
    const QByteArray out = post.toBytes();
    QVERIFY(out.contains("author: x\r\n"));
    QVERIFY(out.contains("venue: y\r\n---\r\n"));
    QVERIFY(out.endsWith("---\r\na\r\nb\r\n"));
    QCOMPARE(out.count("\n"), out.count("\r\n"));
}

void TestPost::brokenYamlKeepsEverything()
{
    const QByteArray bytes = "---\ntitle: [unclosed\nauthor: x\n---\nThe body.\n";
    Post post = Post::fromBytes(bytes);
    QVERIFY(!post.frontMatterLoaded());
    QVERIFY(hasErrors(post.diagnostics()));
    const Diagnostic d = post.diagnostics().first();
    QVERIFY(d.line >= 2);
    QVERIFY(d.column >= 1);
    QVERIFY(d.format(QStringLiteral("p.md"))
                .startsWith(QStringLiteral("p.md:%1:%2: error: ").arg(d.line).arg(d.column)));
    QCOMPARE(post.body(), QStringLiteral("The body.\n"));
    QCOMPARE(post.frontMatterText(), QByteArray("title: [unclosed\nauthor: x\n"));
    QVERIFY(!post.setString(QStringLiteral("title"), QStringLiteral("x")).isEmpty());
    QCOMPARE(post.toBytes(), bytes);
    // The raw editor can fix it.
    QCOMPARE(post.setFrontMatterText("title: [closed]\nauthor: x\n"), QString());
    QVERIFY(post.frontMatterLoaded());
}

void TestPost::frontMatterMustBeAMapping()
{
    for (const QByteArray &bytes :
         {QByteArray("---\n- a\n- b\n---\nbody\n"), QByteArray("---\njust text\n---\nbody\n")}) {
        const Post post = Post::fromBytes(bytes);
        QVERIFY(!post.frontMatterLoaded());
        QVERIFY(post.diagnostics().first().message.contains(QLatin1String("keys with values")));
        QCOMPARE(post.body(), QStringLiteral("body\n"));
        QCOMPARE(post.toBytes(), bytes);
    }
}

void TestPost::deepNestingIsAnError()
{
    const QByteArray flow =
        "---\na: " + QByteArray(10000, '[') + QByteArray(10000, ']') + "\n---\nbody\n";
    QByteArray block = "---\n";
    // Block nesting needs i spaces on line i, so 10,000 levels would be a 50 MB file; 3,000 is
    // past every depth limit already.
    for (int i = 0; i < 3000; ++i)
        block += QByteArray(i, ' ') + "- \n";
    block += "---\nbody\n";
    for (const QByteArray &bytes : {flow, block}) {
        const Post post = Post::fromBytes(bytes);
        QVERIFY(hasErrors(post.diagnostics()));
        QVERIFY(post.diagnostics().first().message.contains(QLatin1String("nest")));
        QCOMPARE(post.toBytes(), bytes);
    }
}

void TestPost::aliasBombIsAnError()
{
    QByteArray bytes = "---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
    for (char c = 'b'; c <= 'i'; ++c) {
        const char prev = char(c - 1);
        bytes += QByteArray(1, c) + ": &" + QByteArray(1, c) + " [";
        for (int i = 0; i < 9; ++i)
            bytes += QByteArray(i ? ", *" : "*") + QByteArray(1, prev);
        bytes += "]\n";
    }
    bytes += "---\n";
    QElapsedTimer timer;
    timer.start();
    const Post post = Post::fromBytes(bytes);
    QVERIFY(hasErrors(post.diagnostics()));
    QVERIFY(post.diagnostics().first().message.contains(QLatin1String("aliases")));
}

void TestPost::invalidUtf8IsRefused()
{
    const QByteArray bytes = "---\ntitle: caf\xE9\n---\nbody\n";
    Post post = Post::fromBytes(bytes);
    QVERIFY(!post.isEditable());
    QVERIFY(post.refusal().contains(QLatin1String("UTF-8")));
    QVERIFY(!post.setString(QStringLiteral("title"), QStringLiteral("x")).isEmpty());
    QVERIFY(!post.remove(QStringLiteral("title")).isEmpty());
    QCOMPARE(post.toBytes(), bytes);
    QVERIFY(!isValidUtf8("\xC0\x80"));         // overlong
    QVERIFY(!isValidUtf8("\xED\xA0\x80"));     // surrogate
    QVERIFY(!isValidUtf8("\xF4\x90\x80\x80")); // past U+10FFFF
    QVERIFY(isValidUtf8("caf\xC3\xA9 \xF0\x9F\x98\x80"));
}

void TestPost::emptyFile()
{
    const Post post = Post::fromBytes(QByteArray());
    QVERIFY(post.isEditable());
    QVERIFY(!post.hasFrontMatter());
    QVERIFY(post.frontMatterLoaded());
    QCOMPARE(post.body(), QString());
    QCOMPARE(post.toBytes(), QByteArray());
}

void TestPost::hugeFileIsRefusedQuickly()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.md"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(100 * 1000 * 1000));
    }
    const auto r = TestUtil::meetdown({QStringLiteral("get"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("MB"));
    const Post post = Post::fromBytes(QByteArray(Post::MaxEditableBytes + 1, 'x'));
    QVERIFY(!post.isEditable());
}

void TestPost::duplicateKeysFlaggedLastWins()
{
    const Post post = Post::fromBytes("---\ntitle: first\nauthor: a\ntitle: last\n---\n");
    QCOMPARE(post.value(QStringLiteral("title")).toString(), QStringLiteral("last"));
    QCOMPARE(post.keys(), QStringList({QStringLiteral("title"), QStringLiteral("author")}));
    QVERIFY(hasErrors(post.diagnostics()));
    QCOMPARE(post.diagnostics().first().line, 4);
    QCOMPARE(post.keyLine(QStringLiteral("title")), 4);
    Post edited = post;
    QCOMPARE(edited.setString(QStringLiteral("title"), QStringLiteral("new")), QString());
    QCOMPARE(edited.toBytes(), QByteArray("---\ntitle: first\nauthor: a\ntitle: new\n---\n"));
}

void TestPost::invalidEditRollsBack()
{
    Post post = Post::fromBytes(seed);
    QVERIFY(!post.setValueYaml(QStringLiteral("tags"), QStringLiteral("[unclosed")).isEmpty());
    QCOMPARE(post.toBytes(), seed);
    QVERIFY(!post.setValueYaml(QStringLiteral("style"), QStringLiteral(":compressed")).isEmpty());
    QCOMPARE(post.toBytes(), seed);
}

void TestPost::keyLines()
{
    const Post post = Post::fromBytes(seed);
    QCOMPARE(post.keyLine(QStringLiteral("layout")), 2);
    QCOMPARE(post.keyLine(QStringLiteral("tags")), 6);
    QCOMPARE(post.keyLine(QStringLiteral("missing")), 0);
    QCOMPARE(post.bodyFirstLine(), 13);
}

void TestPost::bodyAfterClosingAtEndOfFile()
{
    Post post = Post::fromBytes("---\ntitle: x\n---");
    post.setBody(QStringLiteral("---d\n"));
    QCOMPARE(post.toBytes(), QByteArray("---\ntitle: x\n---\n---d\n"));
    const Post reloaded = Post::fromBytes(post.toBytes());
    QCOMPARE(reloaded.value(QStringLiteral("title")).toString(), QStringLiteral("x"));
    QCOMPARE(reloaded.body(), QStringLiteral("---d\n"));
}

QTEST_GUILESS_MAIN(TestPost)
#include "tst_post.moc"
