#include "editor/fieldcheck.h"
#include "editor/post.h"

#include <QDir>
#include <QFile>
#include <QTest>

using Meetdown::Diagnostic;
using Meetdown::FieldCheck;
using Meetdown::FieldIssue;
using Meetdown::Post;

namespace {

const QTimeZone kZone("Asia/Kolkata");

Post withFrontMatter(const QByteArray &yaml)
{
    return Post::fromBytes("---\n" + yaml + "---\nbody\n");
}

QString describe(const QList<FieldIssue> &issues)
{
    QStringList lines;
    for (const FieldIssue &issue : issues)
        lines.append(QStringLiteral("%1:%2 %3").arg(issue.key).arg(issue.line).arg(issue.message));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestFieldCheck : public QObject
{
    Q_OBJECT

private slots:
    void flagged_data();
    void flagged();
    void clean_data();
    void clean();
    void duplicateKeyIsReportedAtTheKey();
    void refusedSymbolIsAnErrorAtItsKey();
    void brokenYamlGivesKeylessErrors();
    void seedCorpusHasNoErrors();
};

void TestFieldCheck::flagged_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("error");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("bad date") << QByteArray("date: next tuesday\n") << "date" << true
                              << "next tuesday";
    // Jekyll rolls 2021-02-30 over to March 2nd, but no month has a 32nd.
    QTest::newRow("impossible date")
        << QByteArray("date: 2021-02-32 10:00\n") << "date" << true << "2021-02-32";
    QTest::newRow("null date") << QByteArray("date:\n") << "date" << true << "date";
    QTest::newRow("list date") << QByteArray("date: [2021-01-01]\n") << "date" << true << "a list";
    QTest::newRow("comment in title") << QByteArray("title: Foo #1\n") << "title" << false << "#1";
    // Jekyll's populate_tags takes `tag:` and drops `tags:`.
    QTest::newRow("tag over tags")
        << QByteArray("tags: [a]\ntag: b\n") << "tags" << false << "tag:";
    QTest::newRow("comment in other key")
        << QByteArray("venue: Room #3\n") << "venue" << false << "#3";
    QTest::newRow("quoted false") << QByteArray("featured: \"false\"\n") << "featured" << false
                                  << "“false”";
    QTest::newRow("quoted no") << QByteArray("hidden: \"no\"\n") << "hidden" << false << "“no”";
    QTest::newRow("single-quoted no")
        << QByteArray("hidden: 'no'\n") << "hidden" << false << "false";
    QTest::newRow("zero is true") << QByteArray("published: 0\n") << "published" << false
                                  << "number 0";
    QTest::newRow("text bool") << QByteArray("featured: maybe\n") << "featured" << false << "text";
    QTest::newRow("title no") << QByteArray("title: no\n") << "title" << false << "boolean false";
    QTest::newRow("title on") << QByteArray("title: On\n") << "title" << false << "boolean true";
    QTest::newRow("title sexagesimal")
        << QByteArray("title: 12:30\n") << "title" << false << "45000";
    QTest::newRow("author octal") << QByteArray("author: 0755\n") << "author" << false << "493";
    QTest::newRow("description float")
        << QByteArray("description: 1.10\n") << "description" << false << "1.1";
    QTest::newRow("title list") << QByteArray("title: [a, b]\n") << "title" << false << "a list";
    QTest::newRow("tags number") << QByteArray("tags: 2024\n") << "tags" << false << "number 2024";
    QTest::newRow("categories bool")
        << QByteArray("categories: yes\n") << "categories" << false << "boolean true";
    QTest::newRow("tags commas") << QByteArray("tags: python, django\n") << "tags" << false
                                 << "“python,”";
    QTest::newRow("tags with maps")
        << QByteArray("tags:\n  - a: 1\n") << "tags" << false << "mapping";
    QTest::newRow("tag wins") << QByteArray("tag: x\ntags: [a]\n") << "tags" << false << "tag:";
    QTest::newRow("image number") << QByteArray("image: 42\n") << "image" << false << "number 42";
    QTest::newRow("image list") << QByteArray("image: [a.png]\n") << "image" << false << "a list";
    QTest::newRow("image bool") << QByteArray("image: true\n") << "image" << false
                                << "boolean true";
    QTest::newRow("image map without path")
        << QByteArray("image:\n  alt: x\n") << "image" << false << "mapping";
    QTest::newRow("layout number") << QByteArray("layout: 2\n") << "layout" << false << "number 2";
}

void TestFieldCheck::flagged()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, key);
    QFETCH(bool, error);
    QFETCH(QString, mentions);
    const Post post = withFrontMatter(yaml);
    QVERIFY(post.frontMatterLoaded());
    const QList<FieldIssue> all = FieldCheck::check(post, kZone);
    const QList<FieldIssue> issues = FieldCheck::forKey(all, key);
    QVERIFY2(issues.size() == 1, qPrintable(describe(all)));
    QCOMPARE(issues.first().isError(), error);
    QVERIFY2(issues.first().message.contains(mentions), qPrintable(issues.first().message));
    QCOMPARE(issues.first().line, post.keyLine(key));
    QVERIFY(issues.first().message.endsWith(QLatin1Char('.')));
}

void TestFieldCheck::clean_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::newRow("booleans") << QByteArray("featured: yes\nhidden: false\npublished: true\n");
    // Jekyll builds it as March 2nd, as Time.parse rolls the day over.
    QTest::newRow("day past the month's end") << QByteArray("date: 2021-02-30 10:00\n");
    // populate_categories adds `category:` to `categories:`: both count.
    QTest::newRow("category and categories") << QByteArray("categories: [a, b]\ncategory: c\n");
    QTest::newRow("null values") << QByteArray("image:\nfeatured:\ntitle: ~\ntags:\n");
    QTest::newRow("quoted hash") << QByteArray("title: \"Foo #1\"\n");
    QTest::newRow("hash without space") << QByteArray("title: C#\nurl: http://x.org/#a\n");
    QTest::newRow("comment after bool") << QByteArray("featured: true # on the home page\n");
    QTest::newRow("number that prints the same") << QByteArray("title: 2024\n");
    QTest::newRow("date that prints the same") << QByteArray("title: 2024-05-01\n");
    QTest::newRow("dates") << QByteArray("date: 2021-03-20 10:30:00 +0530\n");
    QTest::newRow("date only") << QByteArray("date: 2021-03-20\n");
    QTest::newRow("quoted date") << QByteArray("date: \"2021-03-20 10:30\"\n");
    QTest::newRow("lists") << QByteArray("tags: [ a, b ]\ncategories:\n  - x\n  - y\n");
    QTest::newRow("word string") << QByteArray("tags: python django\n");
    QTest::newRow("image path") << QByteArray("image: /assets/a.png\n");
    QTest::newRow("image map with path") << QByteArray("image:\n  path: /a.png\n  alt: A\n");
    QTest::newRow("unknown keys") << QByteArray("speakers:\n  - name: A\nduration: 3,5\n");
}

void TestFieldCheck::clean()
{
    QFETCH(QByteArray, yaml);
    const Post post = withFrontMatter(yaml);
    QVERIFY(post.frontMatterLoaded());
    const QList<FieldIssue> issues = FieldCheck::check(post, kZone);
    QVERIFY2(issues.isEmpty(), qPrintable(describe(issues)));
}

void TestFieldCheck::duplicateKeyIsReportedAtTheKey()
{
    const Post post = withFrontMatter("title: A\nauthor: b\ntitle: B\n");
    const QList<FieldIssue> issues =
        FieldCheck::forKey(FieldCheck::check(post, kZone), QStringLiteral("title"));
    QCOMPARE(issues.size(), 1);
    QCOMPARE(issues.first().line, 4);
    QVERIFY2(issues.first().message.contains(QStringLiteral("duplicate")),
             qPrintable(issues.first().message));
    QVERIFY(FieldCheck::forKey(FieldCheck::check(post, kZone), QStringLiteral("author")).isEmpty());
}

void TestFieldCheck::refusedSymbolIsAnErrorAtItsKey()
{
    const Post post = withFrontMatter("title: A\nstyle: :compressed\nlayout: post\n");
    const QList<FieldIssue> issues =
        FieldCheck::forKey(FieldCheck::check(post, kZone), QStringLiteral("style"));
    QCOMPARE(issues.size(), 1);
    QVERIFY(issues.first().isError());
}

void TestFieldCheck::brokenYamlGivesKeylessErrors()
{
    const Post post = withFrontMatter("title: [broken\n");
    QVERIFY(!post.frontMatterLoaded());
    const QList<FieldIssue> issues = FieldCheck::check(post, kZone);
    QVERIFY(!issues.isEmpty());
    for (const FieldIssue &issue : issues) {
        QVERIFY(issue.key.isEmpty());
        QVERIFY(issue.isError());
        QVERIFY(issue.line > 0);
    }
}

void TestFieldCheck::seedCorpusHasNoErrors()
{
    // Real posts that Jekyll builds must not be flagged as errors (warnings are allowed).
    const QDir dir(QStringLiteral(MEETDOWN_CORPUS_DIR "/bangpypers_2021_seed_schema/_posts"));
    const QStringList files = dir.entryList({QStringLiteral("*.md")}, QDir::Files);
    QVERIFY(files.size() > 50);
    int fieldsChecked = 0;
    for (const QString &name : files) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const Post post = Post::fromBytes(file.readAll());
        fieldsChecked += int(post.keys().size());
        for (const FieldIssue &issue : FieldCheck::check(post, kZone))
            QVERIFY2(!issue.isError(), qPrintable(name + QStringLiteral(": ") + issue.message));
    }
    QVERIFY(fieldsChecked > 300);
}

QTEST_GUILESS_MAIN(TestFieldCheck)
#include "tst_fieldcheck.moc"
