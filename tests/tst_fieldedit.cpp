#include "testutil.h"

#include "editor/fieldedit.h"
#include "editor/jekyllrules.h"
#include "editor/post.h"

#include <QFile>
#include <QTest>

using Meetdown::FieldEdit;
using Meetdown::Post;

using TestUtil::Change;
using TestUtil::changeBetween;
using TestUtil::corpusFile;
using TestUtil::linesOf;

namespace {

const QString kSeed =
    QStringLiteral("bangpypers_2021_seed_schema/_posts/2021-03-20-march-meetup.md");
const QString kSpeakers = QStringLiteral("copenhagenjs/_posts/2011-08-03-first-meetup.md");
const QString kExcerpt = QStringLiteral("rirug/_posts/2010-06-24-july-2010-meetup.md");
const QString kCrlf = QStringLiteral("bangpypers/_posts/2026-03-28-march-meetup.md");

// Applies the edit, requires success and exactly one changed line, and returns that line.
QByteArray applyOneLine(Post &post, const FieldEdit &edit)
{
    const QByteArray before = post.toBytes();
    const QString error = edit.apply(post);
    if (!error.isEmpty())
        qWarning("edit failed: %s", qPrintable(error));
    const Change change = changeBetween(before, post.toBytes());
    if (!error.isEmpty() || change.added.size() != 1 || change.removed.size() > 1) {
        qWarning("expected one changed line, got -%d +%d", int(change.removed.size()),
                 int(change.added.size()));
        return QByteArray("<not one line>");
    }
    return change.added.first();
}

} // namespace

class TestFieldEdit : public QObject
{
    Q_OBJECT

private slots:
    void isAMetatypeThatGoesThroughQVariant();
    void stringKeepsQuotesAndSpacing();
    void stringQuoteHintDropsTemporaryQuotes();
    void stringThatJekyllWouldMisreadIsQuoted();
    void boolean();
    void listKeepsFlowStyleWithInnerSpaces();
    void listKeepsBlockStyle();
    void dateTimeIsWrittenUnquotedAsATime();
    void dateTimeInvalidIsRefused();
    void yamlEmptyMakesBareKey();
    void yamlOneLine();
    void yamlTextRoundTripsUnchanged_data();
    void yamlTextRoundTripsUnchanged();
    void yamlEditsOneLineOfAListOfMaps();
    void yamlKeepsBlockScalarHeaderOnKeyLine();
    void yamlNewMultiLineKeyIsIndented();
    void yamlKeepsCrlf();
    void yamlInvalidLeavesPostUnchanged();
    void yamlThatWouldAddKeysIsRefused();
    void removeDeletesOnlyThatEntry();
    void refusedOnBrokenFrontMatter();
    void emptyKeyIsRefused();
};

void TestFieldEdit::isAMetatypeThatGoesThroughQVariant()
{
    const FieldEdit edit = FieldEdit::list(QStringLiteral("tags"), {QStringLiteral("a")});
    QVERIFY(QMetaType::fromName("Meetdown::FieldEdit").isValid());
    const QVariant v = QVariant::fromValue(edit);
    QCOMPARE(v.metaType(), QMetaType::fromType<FieldEdit>());
    QCOMPARE(v.value<FieldEdit>(), edit);
    QVERIFY(v.value<FieldEdit>() != FieldEdit::list(QStringLiteral("tags"), {}));
}

void TestFieldEdit::stringKeepsQuotesAndSpacing()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    QCOMPARE(
        applyOneLine(post, FieldEdit::string(QStringLiteral("title"), QStringLiteral("April"))),
        QByteArray("title:  \"April\"\n"));
    QCOMPARE(post.value(QStringLiteral("title")).toString(), QStringLiteral("April"));
}

void TestFieldEdit::stringQuoteHintDropsTemporaryQuotes()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    // Typing "Rahul K" passes through "Rahul " which needs quotes for a moment.
    QCOMPARE(applyOneLine(post, FieldEdit::string(QStringLiteral("author"),
                                                  QStringLiteral("rahul "), char(0))),
             QByteArray("author: \"rahul \"\n"));
    Post withoutHint = post;
    QCOMPARE(applyOneLine(post, FieldEdit::string(QStringLiteral("author"),
                                                  QStringLiteral("rahul k"), char(0))),
             QByteArray("author: rahul k\n"));
    QCOMPARE(applyOneLine(withoutHint,
                          FieldEdit::string(QStringLiteral("author"), QStringLiteral("rahul k"))),
             QByteArray("author: \"rahul k\"\n"));
}

void TestFieldEdit::stringThatJekyllWouldMisreadIsQuoted()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    QCOMPARE(applyOneLine(
                 post, FieldEdit::string(QStringLiteral("author"), QStringLiteral("no"), char(0))),
             QByteArray("author: \"no\"\n"));
    QCOMPARE(post.value(QStringLiteral("author")), QVariant(QStringLiteral("no")));
    QCOMPARE(applyOneLine(post, FieldEdit::string(QStringLiteral("author"),
                                                  QStringLiteral("Foo #1"), char(0))),
             QByteArray("author: \"Foo #1\"\n"));
    QCOMPARE(post.value(QStringLiteral("author")), QVariant(QStringLiteral("Foo #1")));
}

void TestFieldEdit::boolean()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    QCOMPARE(applyOneLine(post, FieldEdit::boolean(QStringLiteral("featured"), false)),
             QByteArray("featured: false\n"));
    QCOMPARE(post.value(QStringLiteral("featured")), QVariant(false));
    // A key the post lacks is appended.
    QCOMPARE(applyOneLine(post, FieldEdit::boolean(QStringLiteral("published"), true)),
             QByteArray("published: true\n"));
    QCOMPARE(post.keys().last(), QStringLiteral("published"));
}

void TestFieldEdit::listKeepsFlowStyleWithInnerSpaces()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    QCOMPARE(applyOneLine(post, FieldEdit::list(QStringLiteral("categories"),
                                                {QStringLiteral("meetup"), QStringLiteral("talks"),
                                                 QStringLiteral("data, science")})),
             QByteArray("categories: [ meetup, talks, \"data, science\" ]\n"));
    QCOMPARE(post.value(QStringLiteral("categories")).toStringList(),
             (QStringList{QStringLiteral("meetup"), QStringLiteral("talks"),
                          QStringLiteral("data, science")}));
}

void TestFieldEdit::listKeepsBlockStyle()
{
    Post post = Post::fromBytes(corpusFile(kExcerpt));
    const QByteArray before = post.toBytes();
    QVERIFY(FieldEdit::list(QStringLiteral("categories"),
                            {QStringLiteral("Meetings"), QStringLiteral("Ruby")})
                .apply(post)
                .isEmpty());
    const Change change = changeBetween(before, post.toBytes());
    QCOMPARE(change.removed, QList<QByteArray>());
    QCOMPARE(change.added, QList<QByteArray>{QByteArray("  - Ruby\n")});
}

void TestFieldEdit::dateTimeIsWrittenUnquotedAsATime()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    const QTimeZone zone("Asia/Kolkata");
    QVERIFY(zone.isValid());
    const QDateTime when(QDate(2021, 3, 20), QTime(10, 30), zone);
    QCOMPARE(applyOneLine(post, FieldEdit::dateTime(QStringLiteral("date"), when, zone)),
             QByteArray("date: 2021-03-20 10:30:00 +0530\n"));
    const QVariant read = post.value(QStringLiteral("date"));
    QCOMPARE(read.typeId(), int(QMetaType::QDateTime));
    QCOMPARE(read.toDateTime(), when);
    // The same instant given in UTC is still written in the site's zone.
    QCOMPARE(applyOneLine(
                 post, FieldEdit::dateTime(QStringLiteral("date"), when.toUTC().addSecs(60), zone)),
             QByteArray("date: 2021-03-20 10:31:00 +0530\n"));
}

void TestFieldEdit::dateTimeInvalidIsRefused()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    const QByteArray before = post.toBytes();
    QVERIFY(!FieldEdit::dateTime(QStringLiteral("date"), QDateTime(), QTimeZone::utc())
                 .apply(post)
                 .isEmpty());
    QCOMPARE(post.toBytes(), before);
}

void TestFieldEdit::yamlEmptyMakesBareKey()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    QCOMPARE(applyOneLine(post, FieldEdit::yaml(QStringLiteral("description"), QString())),
             QByteArray("description: \n"));
    QVERIFY(post.contains(QStringLiteral("description")));
    QVERIFY(!post.value(QStringLiteral("description")).isValid());
}

void TestFieldEdit::yamlOneLine()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    QCOMPARE(applyOneLine(post, FieldEdit::yaml(QStringLiteral("image"), QStringLiteral("[a, b]"))),
             QByteArray("image: [a, b]\n"));
    QCOMPARE(post.value(QStringLiteral("image")).toStringList(),
             (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
}

void TestFieldEdit::yamlTextRoundTripsUnchanged_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::newRow("speakers") << kSpeakers << QStringLiteral("speakers")
                              << QStringLiteral(
                                     "- title: Building Single Page Applications with YUI\n"
                                     "  name: Simon Højberg\n"
                                     "- title: Purely Functional Data Structures for JavaScript\n"
                                     "  name: Mads Hartmann Jensen\n"
                                     "- title: Backbone.js\n"
                                     "  name: Daniel Pouzemski");
    QTest::newRow("excerpt") << kExcerpt << QStringLiteral("excerpt")
                             << QStringLiteral(
                                    ">\nThe next meeting has been scheduled for July 21, "
                                    "2010 from 6-8 pm at Batchhaus\nin Providence, RI.");
    QTest::newRow("flow") << kSeed << QStringLiteral("categories")
                          << QStringLiteral("[ meetup, talks, workshop ]");
    QTest::newRow("quoted") << kSeed << QStringLiteral("title")
                            << QStringLiteral("\"Talks – March, 2021\"");
    QTest::newRow("null") << kSeed << QStringLiteral("image") << QString();
}

void TestFieldEdit::yamlTextRoundTripsUnchanged()
{
    QFETCH(QString, file);
    QFETCH(QString, key);
    QFETCH(QString, text);
    Post post = Post::fromBytes(corpusFile(file));
    const QByteArray before = post.toBytes();
    QCOMPARE(FieldEdit::valueYamlText(post, key), text);
    QCOMPARE(FieldEdit::yaml(key, text).apply(post), QString());
    QCOMPARE(post.toBytes(), before);
    // A trailing line break, as a text editor leaves it, changes nothing either.
    QCOMPARE(FieldEdit::yaml(key, text + QLatin1Char('\n')).apply(post), QString());
    QCOMPARE(post.toBytes(), before);
}

void TestFieldEdit::yamlEditsOneLineOfAListOfMaps()
{
    Post post = Post::fromBytes(corpusFile(kSpeakers));
    const QByteArray before = post.toBytes();
    QString text = FieldEdit::valueYamlText(post, QStringLiteral("speakers"));
    text.replace(QStringLiteral("name: Daniel Pouzemski"), QStringLiteral("name: Daniel P."));
    QCOMPARE(FieldEdit::yaml(QStringLiteral("speakers"), text).apply(post), QString());
    const Change change = changeBetween(before, post.toBytes());
    QCOMPARE(change.removed, QList<QByteArray>{QByteArray("    name: Daniel Pouzemski\n")});
    QCOMPARE(change.added, QList<QByteArray>{QByteArray("    name: Daniel P.\n")});
    const QVariantList speakers = post.value(QStringLiteral("speakers")).toList();
    QCOMPARE(speakers.size(), 3);
    const auto last = speakers.last().value<Meetdown::YamlMap>();
    QCOMPARE(last.last().second.toString(), QStringLiteral("Daniel P."));

    // Adding a speaker adds exactly its two lines, indented like the others.
    const QByteArray middle = post.toBytes();
    QVERIFY(FieldEdit::yaml(QStringLiteral("speakers"),
                            text + QStringLiteral("\n- title: Lightning\n  name: Ada"))
                .apply(post)
                .isEmpty());
    const Change added = changeBetween(middle, post.toBytes());
    QCOMPARE(added.removed, QList<QByteArray>());
    QCOMPARE(added.added, (QList<QByteArray>{"  - title: Lightning\n", "    name: Ada\n"}));
}

void TestFieldEdit::yamlKeepsBlockScalarHeaderOnKeyLine()
{
    Post post = Post::fromBytes(corpusFile(kExcerpt));
    QString text = FieldEdit::valueYamlText(post, QStringLiteral("excerpt"));
    text.replace(QStringLiteral("Providence"), QStringLiteral("Pawtucket"));
    QCOMPARE(applyOneLine(post, FieldEdit::yaml(QStringLiteral("excerpt"), text)),
             QByteArray("  in Pawtucket, RI.\n"));
    QVERIFY(post.value(QStringLiteral("excerpt"))
                .toString()
                .endsWith(QStringLiteral("in Pawtucket, RI.\n")));
    QCOMPARE(post.value(QStringLiteral("layout")).toString(), QStringLiteral("post"));
}

void TestFieldEdit::yamlNewMultiLineKeyIsIndented()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    const QByteArray before = post.toBytes();
    QVERIFY(FieldEdit::yaml(QStringLiteral("venue"), QStringLiteral("name: Hub\ncity: Bangalore"))
                .apply(post)
                .isEmpty());
    const Change change = changeBetween(before, post.toBytes());
    QCOMPARE(change.removed, QList<QByteArray>());
    QCOMPARE(change.added, (QList<QByteArray>{"venue:\n", "  name: Hub\n", "  city: Bangalore\n"}));
    QCOMPARE(post.value(QStringLiteral("hidden")), QVariant(false));
}

void TestFieldEdit::yamlKeepsCrlf()
{
    Post post = Post::fromBytes(corpusFile(kCrlf));
    QCOMPARE(post.lineEnding(), QByteArray("\r\n"));
    const QByteArray before = post.toBytes();
    QVERIFY(
        FieldEdit::yaml(QStringLiteral("extra"), QStringLiteral("- a\n- b")).apply(post).isEmpty());
    const Change change = changeBetween(before, post.toBytes());
    QCOMPARE(change.added, (QList<QByteArray>{"extra:\r\n", "  - a\r\n", "  - b\r\n"}));
}

void TestFieldEdit::yamlInvalidLeavesPostUnchanged()
{
    Post post = Post::fromBytes(corpusFile(kSpeakers));
    const QByteArray before = post.toBytes();
    QVERIFY(!FieldEdit::yaml(QStringLiteral("speakers"),
                             QStringLiteral("- title: [unclosed\n  name: x"))
                 .apply(post)
                 .isEmpty());
    QVERIFY(
        !FieldEdit::yaml(QStringLiteral("title"), QStringLiteral("a: b: c")).apply(post).isEmpty());
    QCOMPARE(post.toBytes(), before);
}

void TestFieldEdit::yamlThatWouldAddKeysIsRefused()
{
    // A zero-indented block list may stay at column 0, but then a `key:` line would become a
    // sibling of the edited key; the edit is refused instead.
    Post post = Post::fromBytes("---\ntags:\n- a\n- b\ntitle: T\n---\nbody\n");
    const QByteArray before = post.toBytes();
    QCOMPARE(FieldEdit::valueYamlText(post, QStringLiteral("tags")), QStringLiteral("- a\n- b"));
    const QString error =
        FieldEdit::yaml(QStringLiteral("tags"), QStringLiteral("- a\n- b\nx: 1")).apply(post);
    QVERIFY2(!error.isEmpty(), qPrintable(QString::fromUtf8(post.toBytes())));
    QCOMPARE(post.toBytes(), before);
    // Still at column 0 when it stays a list.
    QVERIFY(
        FieldEdit::yaml(QStringLiteral("tags"), QStringLiteral("- a\n- c")).apply(post).isEmpty());
    QCOMPARE(post.toBytes(), QByteArray("---\ntags:\n- a\n- c\ntitle: T\n---\nbody\n"));
}

void TestFieldEdit::removeDeletesOnlyThatEntry()
{
    Post post = Post::fromBytes(corpusFile(kSpeakers));
    const QByteArray before = post.toBytes();
    QVERIFY(FieldEdit::remove(QStringLiteral("speakers")).apply(post).isEmpty());
    const Change change = changeBetween(before, post.toBytes());
    QCOMPARE(change.added, QList<QByteArray>());
    QCOMPARE(change.removed.size(), 7);
    QCOMPARE(change.removed.first(), QByteArray("speakers:\n"));
    QVERIFY(!post.contains(QStringLiteral("speakers")));
    QCOMPARE(post.keys(), (QStringList{QStringLiteral("title"), QStringLiteral("layout")}));
}

void TestFieldEdit::refusedOnBrokenFrontMatter()
{
    Post post = Post::fromBytes("---\ntitle: [broken\n---\nbody\n");
    QVERIFY(!post.frontMatterLoaded());
    const QByteArray before = post.toBytes();
    const QList<FieldEdit> edits = {
        FieldEdit::string(QStringLiteral("title"), QStringLiteral("x")),
        FieldEdit::boolean(QStringLiteral("featured"), true),
        FieldEdit::list(QStringLiteral("tags"), {QStringLiteral("a")}),
        FieldEdit::dateTime(QStringLiteral("date"), QDateTime::currentDateTime(), QTimeZone::utc()),
        FieldEdit::yaml(QStringLiteral("x"), QStringLiteral("a\nb")),
        FieldEdit::remove(QStringLiteral("title")),
    };
    for (const FieldEdit &edit : edits) {
        QVERIFY2(!edit.apply(post).isEmpty(), qPrintable(edit.description()));
        QCOMPARE(post.toBytes(), before);
    }
}

void TestFieldEdit::emptyKeyIsRefused()
{
    Post post = Post::fromBytes(corpusFile(kSeed));
    const QByteArray before = post.toBytes();
    QVERIFY(!FieldEdit::yaml(QString(), QStringLiteral("x")).apply(post).isEmpty());
    QVERIFY(!FieldEdit::remove(QStringLiteral(" ")).apply(post).isEmpty());
    QCOMPARE(post.toBytes(), before);
}

QTEST_GUILESS_MAIN(TestFieldEdit)
#include "tst_fieldedit.moc"
