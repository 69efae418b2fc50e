// The site's own look: which stylesheets a built Jekyll site's pages use, read from _site, with
// nothing from the web and nothing from outside _site; checked on real `jekyll build` output.
#include "testutil.h"

#include "preview/sitestylesheet.h"

#include <QTemporaryDir>
#include <QtTest>

using Meetdown::SiteStyle;
using Meetdown::SiteStylesheet;

namespace {

QString canonical(const QString &path)
{
    return QFileInfo(path).canonicalFilePath();
}

} // namespace

class TestSiteStylesheet final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void linkedStylesheets_data();
    void linkedStylesheets();
    void resolveHref_data();
    void resolveHref();
    void noSite();
    void notBuilt();
    void customDestination();
    void builtWithoutPages();
    void prefersPostPage();
    void postsWithoutLayoutAndTheOwnPage();
    void fallsBackToIndex();
    void noLocalStylesheet();
    void realJekyllBuild_data();
    void realJekyllBuild();

private:
    QTemporaryDir m_dir;
    QString m_built; // a hand-made _site
};

void TestSiteStylesheet::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_built = m_dir.filePath(QStringLiteral("site/_site"));
    QVERIFY(TestUtil::writeAll(m_built + QStringLiteral("/css/main.css"), "p{}"));
    QVERIFY(TestUtil::writeAll(m_built + QStringLiteral("/css/a b.css"), "p{}"));
    QVERIFY(TestUtil::writeAll(m_built + QStringLiteral("/2020/01/02/local.css"), "p{}"));
    QVERIFY(TestUtil::writeAll(m_built + QStringLiteral("/.hidden/x.css"), "p{}"));
    QVERIFY(TestUtil::writeAll(m_built + QStringLiteral("/2020/01/02/hello.html"), "<p>x</p>"));
    QVERIFY(TestUtil::writeAll(m_dir.filePath(QStringLiteral("site/secret.css")), "p{}"));
    // What a clamped ".." (as a browser reads it) would name instead of refusing the link.
    QVERIFY(TestUtil::writeAll(m_built + QStringLiteral("/secret.css"), "p{}"));
    QVERIFY(TestUtil::writeAll(m_dir.filePath(QStringLiteral("outside.css")), "p{}"));
    QVERIFY(QFile::link(m_dir.filePath(QStringLiteral("outside.css")),
                        m_built + QStringLiteral("/css/link.css")));
    QVERIFY(QFile::link(m_dir.path(), m_built + QStringLiteral("/up")));
}

void TestSiteStylesheet::linkedStylesheets_data()
{
    QTest::addColumn<QByteArray>("html");
    QTest::addColumn<QStringList>("hrefs");
    QTest::newRow("minima") << QByteArray(
                                   "<head><link rel=\"stylesheet\" href=\"/assets/main.css\">"
                                   "<link type=\"application/atom+xml\" rel=\"alternate\" "
                                   "href=\"/feed.xml\" /></head>")
                            << TestUtil::strings({"/assets/main.css"});
    QTest::newRow("order and quoting")
        << QByteArray("<LINK HREF='/a.css' REL=StyleSheet><link rel=stylesheet href=b.css />"
                      "<link href=\"/c.css\" rel=\"preload stylesheet\">")
        << TestUtil::strings({"/a.css", "b.css", "/c.css"});
    QTest::newRow("entities") << QByteArray("<link rel=\"stylesheet\" href=\"/a.css?x=1&amp;y=2\">")
                              << TestUtil::strings({"/a.css?x=1&y=2"});
    QTest::newRow("alternate") << QByteArray("<link rel=\"alternate stylesheet\" href=\"/a.css\">")
                               << QStringList{};
    QTest::newRow("print only")
        << QByteArray("<link rel=\"stylesheet\" media=\"print\" href=\"/p.css\">"
                      "<link rel=\"stylesheet\" media=\"screen, print\" href=\"/s.css\">")
        << TestUtil::strings({"/s.css"});
    QTest::newRow("in comment")
        << QByteArray("<!-- <link rel=\"stylesheet\" href=\"/old.css\"> -->"
                      "<script>var s = '<link rel=\"stylesheet\" href=\"/js.css\">';</script>"
                      "<link rel=\"stylesheet\" href=\"/new.css\">")
        << TestUtil::strings({"/new.css"});
    QTest::newRow("quoted >") << QByteArray(
                                     "<link title=\"a>b\" rel=\"stylesheet\" href=\"/q.css\">")
                              << TestUtil::strings({"/q.css"});
    QTest::newRow("icon and preload")
        << QByteArray("<link rel=\"icon\" href=\"/f.ico\"><link rel=\"preload\" href=\"/x.css\">")
        << QStringList{};
    QTest::newRow("remote kept for the resolver")
        << QByteArray("<link rel=\"stylesheet\" href=\"https://fonts.example.com/css\">")
        << TestUtil::strings({"https://fonts.example.com/css"});
}

void TestSiteStylesheet::linkedStylesheets()
{
    QFETCH(QByteArray, html);
    QFETCH(QStringList, hrefs);
    QCOMPARE(SiteStylesheet::linkedStylesheets(html), hrefs);
}

void TestSiteStylesheet::resolveHref_data()
{
    QTest::addColumn<QString>("page"); // relative to _site
    QTest::addColumn<QString>("href");
    QTest::addColumn<QString>("expected"); // relative to _site, or empty
    const QString post = QStringLiteral("2020/01/02/hello.html");
    QTest::newRow("root path") << post << "/css/main.css"
                               << "css/main.css";
    QTest::newRow("baseurl") << post << "/meetup/css/main.css"
                             << "css/main.css";
    QTest::newRow("baseurl alone") << post << "/meetup"
                                   << "";
    QTest::newRow("query and fragment") << post << "/css/main.css?v=123#x"
                                        << "css/main.css";
    QTest::newRow("percent-encoded") << post << "/css/a%20b.css"
                                     << "css/a b.css";
    QTest::newRow("relative") << post << "local.css"
                              << "2020/01/02/local.css";
    QTest::newRow("relative up") << post << "../../../css/main.css"
                                 << "css/main.css";
    QTest::newRow("relative from index") << "index.html"
                                         << "css/main.css"
                                         << "css/main.css";
    QTest::newRow("dot") << "index.html"
                         << "./css/main.css"
                         << "css/main.css";
    QTest::newRow("up out of _site") << post << "../../../../secret.css"
                                     << "";
    QTest::newRow("root up out of _site") << post << "/../secret.css"
                                          << "";
    QTest::newRow("encoded up") << post << "/%2e%2e/secret.css"
                                << "";
    QTest::newRow("symlinked file") << post << "/css/link.css"
                                    << "";
    QTest::newRow("symlinked folder") << post << "/up/outside.css"
                                      << "";
    QTest::newRow("dotfolder") << post << "/.hidden/x.css"
                               << "";
    QTest::newRow("missing") << post << "/css/none.css"
                             << "";
    QTest::newRow("folder") << post << "/css"
                            << "";
    QTest::newRow("https") << post << "https://example.org/css/main.css"
                           << "";
    QTest::newRow("http") << post << "http://example.org/css/main.css"
                          << "";
    QTest::newRow("protocol-relative") << post << "//example.org/css/main.css"
                                       << "";
    QTest::newRow("file url") << post << "file:///etc/hostname"
                              << "";
    QTest::newRow("data") << post << "data:text/css,p{}"
                          << "";
    // Links written with absolute_url: the site's own address (url: https://Meetup.example.org)
    // and a local `jekyll serve` address are the built site; anything else is remote.
    QTest::newRow("site url") << post << "https://meetup.example.org/meetup/css/main.css"
                              << "css/main.css";
    QTest::newRow("site url, host case") << post << "https://MEETUP.example.org/css/main.css"
                                         << "css/main.css";
    QTest::newRow("site url over http") << post << "http://meetup.example.org/css/main.css"
                                        << "css/main.css";
    QTest::newRow("site url, protocol-relative")
        << post << "//meetup.example.org/meetup/css/main.css"
        << "css/main.css";
    QTest::newRow("site url, encoded") << post << "https://meetup.example.org/css/a%20b.css"
                                       << "css/a b.css";
    QTest::newRow("site url, up out of _site") << post << "https://meetup.example.org/../secret.css"
                                               << "";
    QTest::newRow("site url, other port") << post << "https://meetup.example.org:8443/css/main.css"
                                          << "";
    QTest::newRow("site url as a prefix of another host")
        << post << "https://meetup.example.org.evil.test/css/main.css"
        << "";
    QTest::newRow("site url with user") << post << "https://x@meetup.example.org/css/main.css"
                                        << "";
    QTest::newRow("jekyll serve") << post << "http://localhost:4000/meetup/css/main.css"
                                  << "css/main.css";
    QTest::newRow("jekyll serve, 127.0.0.1") << post << "http://127.0.0.1:4000/css/main.css"
                                             << "css/main.css";
    QTest::newRow("backslash") << post << "/css\\..\\..\\secret.css"
                               << "";
}

void TestSiteStylesheet::resolveHref()
{
    QFETCH(QString, page);
    QFETCH(QString, href);
    QFETCH(QString, expected);
    const QString resolved = SiteStylesheet::resolveHref(
        m_built, m_built + QLatin1Char('/') + page, href, QStringLiteral("/meetup/"),
        QStringLiteral("https://Meetup.example.org/"));
    QCOMPARE(resolved,
             expected.isEmpty() ? QString() : canonical(m_built + QLatin1Char('/') + expected));
}

void TestSiteStylesheet::noSite()
{
    const SiteStyle style = SiteStylesheet::find(QString(), QString());
    QVERIFY(style.files.isEmpty());
    QVERIFY2(style.problem.contains(QLatin1String("not in a Jekyll site")),
             qPrintable(style.problem));
}

void TestSiteStylesheet::notBuilt()
{
    QTemporaryDir site;
    QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("_config.yml")), "title: x\n"));
    const SiteStyle style = SiteStylesheet::find(site.path(), QString());
    QVERIFY(style.files.isEmpty());
    QVERIFY(style.builtDir.isEmpty());
    QVERIFY2(style.problem.contains(QLatin1String("Build the site with `jekyll build` first")),
             qPrintable(style.problem));
}

// A site built into `destination: public` is read there, as Jekyll wrote it.
void TestSiteStylesheet::customDestination()
{
    QTemporaryDir site;
    QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("_config.yml")),
                               "title: x\ndestination: public\n"));
    QVERIFY(TestUtil::writeAll(
        site.filePath(QStringLiteral("index.html")),
        "---\n---\n<link rel=\"stylesheet\" href=\"/css/site.css\"><p>Hi</p>\n"));
    QVERIFY(
        TestUtil::writeAll(site.filePath(QStringLiteral("css/site.css")), "p { color: red }\n"));
    const auto build = TestUtil::run(
        QStringLiteral("jekyll"),
        {QStringLiteral("build"), QStringLiteral("--quiet"), QStringLiteral("-s"), site.path()}, {},
        site.path());
    QVERIFY2(build.exitCode == 0, build.err.constData());
    QVERIFY(QFileInfo(site.filePath(QStringLiteral("public/css/site.css"))).isFile());
    const SiteStyle style = SiteStylesheet::find(site.path(), QString(), QStringLiteral("public"));
    QCOMPARE(
        style.files,
        QStringList{
            QFileInfo(site.filePath(QStringLiteral("public/css/site.css"))).canonicalFilePath()});
    // Without the setting Meetdown looks in _site, and says that is what it missed.
    const SiteStyle missed = SiteStylesheet::find(site.path(), QString());
    QVERIFY(missed.files.isEmpty());
    QVERIFY2(missed.problem.contains(QLatin1String("no _site folder")), qPrintable(missed.problem));
}

void TestSiteStylesheet::builtWithoutPages()
{
    QTemporaryDir site;
    QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("_site/css/main.css")), "p{}"));
    const SiteStyle style = SiteStylesheet::find(site.path(), QString());
    QVERIFY(style.files.isEmpty());
    QVERIFY2(style.problem.contains(QLatin1String("jekyll build")), qPrintable(style.problem));
}

// Real sites have many posts without a layout, whose built pages link no stylesheet: more of them
// are read, and the page of the post being shown is read first.
void TestSiteStylesheet::postsWithoutLayoutAndTheOwnPage()
{
    QTemporaryDir site;
    const QString built = site.filePath(QStringLiteral("_site"));
    for (int day = 1; day <= 8; ++day)
        QVERIFY(TestUtil::writeAll(
            built + QStringLiteral("/2020/01/%1/bare.html").arg(day, 2, 10, QLatin1Char('0')),
            "<p>no layout</p>"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/2019/12/25/styled.html"),
                               "<link rel=\"stylesheet\" href=\"/css/post.css\">"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/2020/01/05/with.html"),
                               "<link rel=\"stylesheet\" href=\"/css/main.css\">"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/css/post.css"), "p{}"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/css/main.css"), "p{}"));
    // The newest pages have no layout; one among the ten newest does.
    SiteStyle style = SiteStylesheet::find(site.path(), QString());
    QVERIFY2(style.problem.isEmpty(), qPrintable(style.problem));
    QCOMPARE(style.files, QStringList{canonical(built + QStringLiteral("/css/main.css"))});
    // The post shown decides when its page is there.
    style = SiteStylesheet::find(site.path(), QString(), QString(), QString(),
                                 QStringLiteral("2019/12/25/styled.html"));
    QCOMPARE(style.files, QStringList{canonical(built + QStringLiteral("/css/post.css"))});
    // A page outside the built site is not read.
    style = SiteStylesheet::find(site.path(), QString(), QString(), QString(),
                                 QStringLiteral("../outside.html"));
    QCOMPARE(style.files, QStringList{canonical(built + QStringLiteral("/css/main.css"))});
}

void TestSiteStylesheet::prefersPostPage()
{
    QTemporaryDir site;
    const QString built = site.filePath(QStringLiteral("_site"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/index.html"),
                               "<link rel=\"stylesheet\" href=\"/css/home.css\">"));
    // An older post with another layout, and the newest one: the newest decides.
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/2019/05/01/old.html"),
                               "<link rel=\"stylesheet\" href=\"/css/old.css\">"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/blog/2021/03/20/talks/index.html"),
                               "<link rel=\"stylesheet\" href=\"/css/main.css\">"
                               "<link rel=\"stylesheet\" href=\"https://example.org/x.css\">"
                               "<link rel=\"stylesheet\" href=\"../../../../../css/post.css\">"
                               "<link rel=\"stylesheet\" href=\"/css/main.css\">"
                               "<link rel=\"stylesheet\" href=\"/css/missing.css\">"));
    for (const char *name : {"home", "old", "main", "post"})
        QVERIFY(TestUtil::writeAll(built + QStringLiteral("/css/%1.css").arg(QLatin1String(name)),
                                   "p{}"));
    const SiteStyle style = SiteStylesheet::find(site.path(), QString());
    QVERIFY2(style.problem.isEmpty(), qPrintable(style.problem));
    QCOMPARE(style.builtDir, canonical(built));
    QCOMPARE(style.page, canonical(built + QStringLiteral("/blog/2021/03/20/talks/index.html")));
    QCOMPARE(style.files, (QStringList{canonical(built + QStringLiteral("/css/main.css")),
                                       canonical(built + QStringLiteral("/css/post.css"))}));
}

void TestSiteStylesheet::fallsBackToIndex()
{
    QTemporaryDir site;
    const QString built = site.filePath(QStringLiteral("_site"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/about.html"),
                               "<link rel=\"stylesheet\" href=\"/css/about.css\">"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/index.html"),
                               "<link rel=\"stylesheet\" href=\"/meetup/css/main.css\">"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/css/main.css"), "p{}"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/css/about.css"), "p{}"));
    const SiteStyle style = SiteStylesheet::find(site.path(), QStringLiteral("/meetup"));
    QVERIFY2(style.problem.isEmpty(), qPrintable(style.problem));
    QCOMPARE(style.page, canonical(built + QStringLiteral("/index.html")));
    QCOMPARE(style.files, QStringList{canonical(built + QStringLiteral("/css/main.css"))});
}

void TestSiteStylesheet::noLocalStylesheet()
{
    QTemporaryDir site;
    const QString built = site.filePath(QStringLiteral("_site"));
    QVERIFY(TestUtil::writeAll(built + QStringLiteral("/index.html"),
                               "<link rel=\"stylesheet\" href=\"https://cdn.example.org/x.css\">"
                               "<link rel=\"stylesheet\" href=\"../outside.css\">"));
    QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("outside.css")), "p{}"));
    const SiteStyle style = SiteStylesheet::find(site.path(), QString());
    QVERIFY(style.files.isEmpty());
    QVERIFY2(style.problem.contains(QLatin1String("index.html")), qPrintable(style.problem));
}

void TestSiteStylesheet::realJekyllBuild_data()
{
    QTest::addColumn<QString>("baseurl");
    QTest::addColumn<bool>("minima");
    QTest::addColumn<QString>("filter"); // how the layout writes its stylesheet links
    QTest::newRow("own layouts") << QString() << false << QStringLiteral("relative_url");
    QTest::newRow("own layouts, baseurl")
        << QStringLiteral("/meetup") << false << QStringLiteral("relative_url");
    QTest::newRow("own layouts, absolute_url")
        << QStringLiteral("/meetup") << false << QStringLiteral("absolute_url");
    QTest::newRow("minima, baseurl") << QStringLiteral("/meetup") << true << QString();
}

void TestSiteStylesheet::realJekyllBuild()
{
    QFETCH(QString, baseurl);
    QFETCH(bool, minima);
    QFETCH(QString, filter);
    QTemporaryDir site;
    QVERIFY(site.isValid());
    const QString url = QStringLiteral("https://meetup.example.org");
    QByteArray config =
        "title: Meetup\nbaseurl: \"" + baseurl.toUtf8() + "\"\nurl: " + url.toUtf8() + "\n";
    if (minima) {
        config += "theme: minima\n";
        QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("index.md")),
                                   "---\nlayout: home\n---\n"));
    } else {
        // The post layout adds a stylesheet of its own, so the post page is told from the index.
        QVERIFY(TestUtil::writeAll(
            site.filePath(QStringLiteral("_layouts/default.html")),
            QByteArray("<!DOCTYPE html>\n<html><head>\n"
                       "<link rel=\"stylesheet\" href=\"{{ '/css/main.css' | FILTER }}\">\n"
                       "<link rel=\"stylesheet\" href=\"https://fonts.example.org/css?family=X\">\n"
                       "{% if page.layout == 'post' %}<link rel=\"stylesheet\" "
                       "href=\"{{ '/css/post.css' | FILTER }}\">{% endif %}\n"
                       "</head><body>{{ content }}</body></html>\n")
                .replace("FILTER", filter.toUtf8())));
        QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("_layouts/post.html")),
                                   "---\nlayout: default\n---\n<article class=\"post\">"
                                   "<div class=\"post-content\">{{ content }}</div></article>\n"));
        QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("index.html")),
                                   "---\nlayout: default\n---\n<p>Home</p>\n"));
        QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("css/main.css")),
                                   "p { color: rgb(1, 2, 3); background: url(fonts/x.woff); }\n"));
        QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("css/post.css")),
                                   "h1 { color: red }\n"));
    }
    QVERIFY(TestUtil::writeAll(site.filePath(QStringLiteral("_config.yml")), config));
    QVERIFY(
        TestUtil::writeAll(site.filePath(QStringLiteral("_posts/2015-08-22-august-meetup.md")),
                           "---\nlayout: post\ntitle: August meetup\n---\nForty people came.\n"));

    // Before the build there is only the reason.
    SiteStyle style = SiteStylesheet::find(site.path(), baseurl, QString(), url);
    QVERIFY(style.files.isEmpty());
    QVERIFY(style.problem.contains(QLatin1String("jekyll build")));

    const auto build =
        TestUtil::run(QStringLiteral("jekyll"),
                      {QStringLiteral("build"), QStringLiteral("--quiet"), QStringLiteral("-s"),
                       site.path(), QStringLiteral("-d"), site.filePath(QStringLiteral("_site"))});
    QVERIFY2(build.exitCode == 0, build.err.constData());

    style = SiteStylesheet::find(site.path(), baseurl, QString(), url);
    QVERIFY2(style.problem.isEmpty(), qPrintable(style.problem));
    const QString built = site.filePath(QStringLiteral("_site"));
    QCOMPARE(style.page, canonical(built + QStringLiteral("/2015/08/22/august-meetup.html")));
    const QStringList expected =
        minima ? QStringList{canonical(built + QStringLiteral("/assets/main.css"))}
               : QStringList{canonical(built + QStringLiteral("/css/main.css")),
                             canonical(built + QStringLiteral("/css/post.css"))};
    QCOMPARE(style.files, expected);
    if (filter == QLatin1String("absolute_url"))
        QVERIFY(TestUtil::readAll(style.page)
                    .contains(QString(url + baseurl + QStringLiteral("/css/main.css")).toUtf8()));
    // The theme's Sass really became CSS there.
    QVERIFY(TestUtil::readAll(style.files.first()).contains(minima ? "body" : "rgb(1, 2, 3)"));
}

QTEST_GUILESS_MAIN(TestSiteStylesheet)
#include "tst_sitestylesheet.moc"
