// Sites: _config.yml read as Jekyll reads it, and post URLs checked against a real `jekyll build`
// of posts that `meetdown new` wrote.

#include "testutil.h"

#include <editor/post.h>
#include <editor/site.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

class TestSite final : public QObject
{
    Q_OBJECT

private slots:
    void findRoot();
    void configValues();
    void corpusConfigs();
    void defaultsByScope();
    void newPostsBuildAtComputedUrls_data();
    void newPostsBuildAtComputedUrls();
};

void TestSite::findRoot()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "title: x\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2020/2020-01-01-a.md")), "---\n---\n");
    QCOMPARE(Site::findRoot(dir.filePath(QStringLiteral("_posts/2020/2020-01-01-a.md"))),
             QDir(dir.path()).absolutePath());
    QTemporaryDir none;
    QCOMPARE(Site::findRoot(none.path()).isEmpty() ||
                 !Site::findRoot(none.path()).startsWith(none.path()),
             true);
}

void TestSite::configValues()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "baseurl: \"/meetup/\"\nurl: https://example.org\ntimezone: "
                       "Asia/Kolkata\npermalink: pretty\n");
    const Site site = Site::load(dir.path());
    QCOMPARE(site.baseurl(), QStringLiteral("/meetup"));
    QCOMPARE(site.url(), QStringLiteral("https://example.org"));
    QCOMPARE(site.timeZone().id(), QByteArray("Asia/Kolkata"));
    QCOMPARE(site.permalink(), QStringLiteral("pretty"));
    QVERIFY(site.configDiagnostics().isEmpty());

    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "timezone: Mars/Olympus\n");
    QVERIFY(hasErrors(Site::load(dir.path()).configDiagnostics()));
}

void TestSite::corpusConfigs()
{
    const Site bangpypers = Site::load(TestUtil::corpusDir() + QStringLiteral("/bangpypers"));
    QVERIFY(bangpypers.configDiagnostics().isEmpty());
    QCOMPARE(bangpypers.permalink(), QStringLiteral("/blog/:year/:month/:day/:title/"));
    // rirug's `style: :compressed` is a Ruby symbol: Jekyll 4.3 refuses the whole config.
    const Site rirug = Site::load(TestUtil::corpusDir() + QStringLiteral("/rirug"));
    QVERIFY(hasErrors(rirug.configDiagnostics()));
    QVERIFY(rirug.configDiagnostics().first().message.contains(QLatin1String("symbol")));
}

void TestSite::defaultsByScope()
{
    const Site site = Site::load(TestUtil::corpusDir() + QStringLiteral("/bangpypers"));
    const YamlMap community = site.defaultsFor(QStringLiteral("_posts/community/2020-01-01-x.md"),
                                               QStringLiteral("posts"));
    QCOMPARE(yamlValue(community, QStringLiteral("permalink")).toString(),
             QStringLiteral("/community-blog/:title/"));
    const YamlMap other =
        site.defaultsFor(QStringLiteral("_posts/2020-01-01-x.md"), QStringLiteral("posts"));
    QVERIFY(!yamlValue(other, QStringLiteral("permalink")).isValid());
}

void TestSite::newPostsBuildAtComputedUrls_data()
{
    QTest::addColumn<QByteArray>("config");
    QTest::newRow("default date style, categories, Kolkata")
        << QByteArray("title: Test\ntimezone: Asia/Kolkata\n");
    QTest::newRow("pretty, New York, baseurl") << QByteArray(
        "title: Test\ntimezone: America/New_York\npermalink: pretty\nbaseurl: /meetup\n");
    QTest::newRow("custom pattern with defaults")
        << QByteArray("title: Test\npermalink: /blog/:year/:month/:day/:title/\ntimezone: UTC\n"
                      "defaults:\n  - scope:\n      path: \"_posts/community\"\n    values:\n      "
                      "permalink: /community-blog/:title/\n");
    QTest::newRow("none style") << QByteArray("title: Test\npermalink: none\n");
}

void TestSite::newPostsBuildAtComputedUrls()
{
    QFETCH(QByteArray, config);
    QTemporaryDir dir;
    const QString root = dir.path();
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), config);
    QStringList created;
    const QList<QStringList> posts = {
        {QStringLiteral("August 2015 meetup report"), QStringLiteral("2015-08-22 23:30")},
        {QStringLiteral("Talks – March, 2021"), QStringLiteral("2021-03-20 10:00")},
        {QStringLiteral("Late night: C++ & Qt!"), QStringLiteral("2021-12-31 23:59")},
    };
    for (const QStringList &p : posts) {
        const auto r =
            TestUtil::meetdown({QStringLiteral("new"), QStringLiteral("--site"), root,
                                QStringLiteral("--title"), p.at(0), QStringLiteral("--date"),
                                p.at(1), QStringLiteral("--author"), QStringLiteral("Janaki")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString path = QString::fromUtf8(r.out.trimmed());
        QVERIFY(QFileInfo::exists(path));
        created.append(path);
    }
    // A second `new` with the same title refuses to overwrite.
    const auto again = TestUtil::meetdown({QStringLiteral("new"), QStringLiteral("--site"), root,
                                           QStringLiteral("--title"), posts.first().at(0),
                                           QStringLiteral("--date"), posts.first().at(1)});
    QCOMPARE(again.exitCode, 1);
    // A post under _posts/community, where the custom config has a scoped default.
    const QString community =
        dir.filePath(QStringLiteral("_posts/community/2021-01-05-community-call.md"));
    TestUtil::writeAll(community,
                       "---\ntitle: Community call\ndate: 2021-01-05 18:00:00 +0000\n---\nHello\n");
    created.append(community);

    const auto build =
        TestUtil::run(QStringLiteral("jekyll"),
                      {QStringLiteral("build"), QStringLiteral("--quiet"), QStringLiteral("-s"),
                       root, QStringLiteral("-d"), dir.filePath(QStringLiteral("_site"))});
    QVERIFY2(build.exitCode == 0, build.err.constData());

    const Site site = Site::load(root);
    for (const QString &path : created) {
        const Post post = Post::fromBytes(TestUtil::readAll(path));
        QVERIFY(post.frontMatterLoaded());
        const QString rel = QDir(root).relativeFilePath(path);
        const QString url = site.postUrl(rel, post);
        const QString out = dir.filePath(QStringLiteral("_site") + Site::outputPathForUrl(url));
        QVERIFY2(QFileInfo::exists(out),
                 qPrintable(QStringLiteral("%1: computed %2 but Jekyll wrote:\n%3")
                                .arg(rel, url,
                                     QString::fromUtf8(
                                         TestUtil::run(QStringLiteral("find"),
                                                       {dir.filePath(QStringLiteral("_site"))})
                                             .out))));
    }
}

QTEST_GUILESS_MAIN(TestSite)
#include "tst_site.moc"
