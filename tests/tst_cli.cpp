// The `meetdown` command line, run as a process the way scripts and CI run it.

#include "testutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

class TestCli final : public QObject
{
    Q_OBJECT

private slots:
    void helpAndVersionNeedNoDisplay();
    void usageErrorsExitTwo();
    void getPrintsJsonAsJekyllSeesIt();
    void getMissingKeyAndBrokenYaml();
    void setVariants();
    void setFailureLeavesFile();
    void setRefusesInvalidUtf8();
    void unclosedFrontMatter();
    void checkExitCodes();
    void checkSiteReportsConfig();
    void renderBodyAndStandalone();
    void setRefusesADateJekyllCannotRead();
    void messagesNameThePath();
    void windowWithoutDisplaySaysSo();
    void renameMatchesTitleAndDate();
    void newFollowsTheSiteSchema();
};

void TestCli::renameMatchesTitleAndDate()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "title: T\ntimezone: UTC\n");
    const QString post = dir.filePath(QStringLiteral("_posts/2015-08-21-old-title.md"));
    const QByteArray bytes = "---\ntitle: New title\ndate: 2015-08-22 10:00:00 +0000\n---\n"
                             "![x](/assets/images/posts/2015-08-21-old-title/x.jpg)\n";
    TestUtil::writeAll(post, bytes);
    TestUtil::writeAll(
        dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-old-title/x.jpg")), "x");
    const QString renamed = dir.filePath(QStringLiteral("_posts/2015-08-22-new-title.md"));

    auto r = TestUtil::meetdown({QStringLiteral("rename"), post, QStringLiteral("--dry-run")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains((post + QStringLiteral(" -> ") + renamed).toUtf8()), r.out.constData());
    QVERIFY(r.out.contains("dry run"));
    QCOMPARE(TestUtil::readAll(post), bytes);
    QVERIFY(!QFileInfo::exists(renamed));

    r = TestUtil::meetdown({QStringLiteral("rename"), post});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.out.contains((post + QStringLiteral(" -> ") + renamed).toUtf8()), r.out.constData());
    QVERIFY(r.out.contains("1 link rewritten"));
    QVERIFY(!QFileInfo::exists(post));
    QCOMPARE(TestUtil::readAll(renamed),
             QByteArray("---\ntitle: New title\ndate: 2015-08-22 10:00:00 +0000\n---\n"
                        "![x](/assets/images/posts/2015-08-22-new-title/x.jpg)\n"));
    QCOMPARE(TestUtil::readAll(
                 dir.filePath(QStringLiteral("assets/images/posts/2015-08-22-new-title/x.jpg"))),
             QByteArray("x"));

    r = TestUtil::meetdown({QStringLiteral("rename"), renamed});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("already matches"));

    // Cannot: no title, or the name is taken. Exit 1, a message, the files as they were.
    const QString untitled = dir.filePath(QStringLiteral("_posts/2015-08-21-untitled.md"));
    TestUtil::writeAll(untitled, "---\ndate: 2015-08-21\n---\n");
    r = TestUtil::meetdown({QStringLiteral("rename"), untitled});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no title"), r.err.constData());
    QVERIFY(QFileInfo::exists(untitled));
    const QString taken = dir.filePath(QStringLiteral("_posts/2015-08-21-taken.md"));
    TestUtil::writeAll(taken, "---\ntitle: New title\ndate: 2015-08-22\n---\nmine\n");
    r = TestUtil::meetdown({QStringLiteral("rename"), taken});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("already exists"), r.err.constData());
    QCOMPARE(TestUtil::readAll(taken),
             QByteArray("---\ntitle: New title\ndate: 2015-08-22\n---\nmine\n"));
    QCOMPARE(TestUtil::readAll(renamed).left(20), QByteArray("---\ntitle: New title"));

    QCOMPARE(TestUtil::meetdown({QStringLiteral("rename")}).exitCode, 2);
    QVERIFY(TestUtil::meetdown({QStringLiteral("--help")}).out.contains("rename POST [--dry-run]"));
}

void TestCli::helpAndVersionNeedNoDisplay()
{
    for (const QString &arg : {QStringLiteral("--help"), QStringLiteral("--version")}) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        p.setProcessEnvironment(env);
        p.start(TestUtil::meetdown(), {arg});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        const QByteArray out = p.readAllStandardOutput();
        QVERIFY(out.contains(arg == QLatin1String("--help") ? "Usage: meetdown" : "meetdown 0."));
    }
}

void TestCli::usageErrorsExitTwo()
{
    QCOMPARE(TestUtil::meetdown({QStringLiteral("frobnicate")}).exitCode, 2);
    QCOMPARE(TestUtil::meetdown({QStringLiteral("get")}).exitCode, 2);
    QCOMPARE(TestUtil::meetdown(
                 {QStringLiteral("set"), QStringLiteral("x.md"), QStringLiteral("novalue")})
                 .exitCode,
             2);
    QCOMPARE(TestUtil::meetdown({QStringLiteral("new"), QStringLiteral("--title")}).exitCode, 2);
    QCOMPARE(TestUtil::meetdown({QStringLiteral("check")}).exitCode, 2);
}

void TestCli::getPrintsJsonAsJekyllSeesIt()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    TestUtil::writeAll(
        path, "---\ntitle: \"false\"\nfeatured: no\ntime: 12:30\nmode: 0755\nduration: 3,5\n"
              "date: 2024-05-01\nwhen: 2024-05-01 18:30:00 +0530\ntitle2: a #comment\n---\nbody\n");
    const auto r = TestUtil::meetdown({QStringLiteral("get"), path});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("title")), QJsonValue(QStringLiteral("false")));
    QCOMPARE(o.value(QStringLiteral("featured")), QJsonValue(false));
    QCOMPARE(o.value(QStringLiteral("time")), QJsonValue(45000));
    QCOMPARE(o.value(QStringLiteral("mode")), QJsonValue(493));
    QCOMPARE(o.value(QStringLiteral("duration")), QJsonValue(35));
    QCOMPARE(o.value(QStringLiteral("date")), QJsonValue(QStringLiteral("2024-05-01")));
    QCOMPARE(o.value(QStringLiteral("when")),
             QJsonValue(QStringLiteral("2024-05-01T18:30:00+05:30")));
    QCOMPARE(o.value(QStringLiteral("title2")), QJsonValue(QStringLiteral("a")));
    const auto one = TestUtil::meetdown({QStringLiteral("get"), path, QStringLiteral("featured")});
    QCOMPARE(one.out.trimmed(), QByteArray("false"));
}

void TestCli::getMissingKeyAndBrokenYaml()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    TestUtil::writeAll(path, "---\ntitle: x\n---\n");
    QCOMPARE(TestUtil::meetdown({QStringLiteral("get"), path, QStringLiteral("nope")}).exitCode, 1);
    TestUtil::writeAll(path, "---\ntitle: [x\n---\n");
    const auto r = TestUtil::meetdown({QStringLiteral("get"), path});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(path.toUtf8() + ":"), r.err.constData());
    QVERIFY(r.err.contains(": error: "));
    QCOMPARE(TestUtil::meetdown({QStringLiteral("get"), dir.filePath(QStringLiteral("missing.md"))})
                 .exitCode,
             1);
}

void TestCli::setVariants()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    const QByteArray original =
        "---\r\ntitle: Old # keep\r\ntags: [a]\r\nhidden: false\r\n---\r\nbody\r\n";
    TestUtil::writeAll(path, original);
    QCOMPARE(TestUtil::meetdown({QStringLiteral("set"), path}).exitCode, 0);
    QCOMPARE(TestUtil::readAll(path), original);
    const auto r =
        TestUtil::meetdown({QStringLiteral("set"), path, QStringLiteral("title=No: really"),
                            QStringLiteral("tags:=[a, b]"), QStringLiteral("--unset"),
                            QStringLiteral("hidden"), QStringLiteral("venue=2024-05-01")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(TestUtil::readAll(path), QByteArray("---\r\ntitle: \"No: really\" # keep\r\ntags: [a, "
                                                 "b]\r\nvenue: \"2024-05-01\"\r\n---\r\nbody\r\n"));
    const auto get = TestUtil::meetdown({QStringLiteral("get"), path, QStringLiteral("venue")});
    QCOMPARE(get.out.trimmed(), QByteArray("\"2024-05-01\""));
}

void TestCli::setFailureLeavesFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    const QByteArray original = "---\ntitle: x\n---\n";
    TestUtil::writeAll(path, original);
    const auto r = TestUtil::meetdown(
        {QStringLiteral("set"), path, QStringLiteral("title=ok"), QStringLiteral("tags:=[broken")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("not changed"));
    QCOMPARE(TestUtil::readAll(path), original);
}

void TestCli::setRefusesInvalidUtf8()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    const QByteArray original = "---\ntitle: caf\xE9\n---\n";
    TestUtil::writeAll(path, original);
    QCOMPARE(TestUtil::meetdown({QStringLiteral("set"), path, QStringLiteral("title=x")}).exitCode,
             1);
    QCOMPARE(TestUtil::readAll(path), original);
    // get and render fail the same way, with the reason, rather than print {} or mojibake.
    for (const QString &command : {QStringLiteral("get"), QStringLiteral("render")}) {
        const auto r = TestUtil::meetdown({command, path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains("p.md:2:1: error: the file is not valid UTF-8 (byte 15)"),
                 r.err.constData());
    }
}

// A file whose opening '---' is never closed has no front matter for Jekyll: check says so at
// line 1, and set refuses to put a second front matter above it.
void TestCli::unclosedFrontMatter()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    const QByteArray original = "---\ntitle: Open\n\nText.\n";
    TestUtil::writeAll(path, original);
    auto r = TestUtil::meetdown({QStringLiteral("check"), path});
    QVERIFY2(r.out.contains("p.md:1:1: warning: the front matter's opening '---' has no closing "
                            "'---' line"),
             r.out.constData());
    r = TestUtil::meetdown({QStringLiteral("set"), path, QStringLiteral("title=x")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("closing '---' line is missing"), r.err.constData());
    QCOMPARE(TestUtil::readAll(path), original);
    // Jekyll agrees: the whole file is text, the title is not read.
    r = TestUtil::meetdown({QStringLiteral("get"), path});
    QCOMPARE(r.out.trimmed(), QByteArray("{}"));
}

void TestCli::checkExitCodes()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "timezone: UTC\n");
    const QString future = dir.filePath(QStringLiteral("_posts/2999-01-01-future.md"));
    TestUtil::writeAll(future,
                       "---\ntitle: x\ndate: 2999-01-01 10:00:00 +0000\npublished: false\n---\n");
    auto r = TestUtil::meetdown({QStringLiteral("check"), future});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(":3:1: warning: the post is dated in the future"));
    QVERIFY(r.out.contains(":4:1: warning: published: false"));

    const QString mismatch = dir.filePath(QStringLiteral("_posts/2020-01-01-x.md"));
    TestUtil::writeAll(mismatch, "---\ndate: 2020-01-02 10:00:00 +0000\n---\n");
    r = TestUtil::meetdown({QStringLiteral("check"), mismatch});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains("differs from the file name"));
    QVERIFY(!r.out.contains("own UTC offset"));
    // Late on the file name's day at its own offset, but the next day in the site's zone (UTC).
    TestUtil::writeAll(mismatch, "---\ndate: 2020-01-01 23:30:00 -0800\n---\n");
    r = TestUtil::meetdown({QStringLiteral("check"), mismatch});
    QVERIFY2(r.out.contains("the date 2020-01-02 differs from the file name's 2020-01-01; Jekyll "
                            "uses 2020-01-02, so the post's URL changes (the front matter says "
                            "2020-01-01 at its own UTC offset; that is 2020-01-02 in the site's "
                            "time zone, UTC)"),
             r.out.constData());

    const QString badName = dir.filePath(QStringLiteral("_posts/meetup.md"));
    TestUtil::writeAll(badName, "---\ntitle: x\n---\n");
    r = TestUtil::meetdown({QStringLiteral("check"), badName});
    QVERIFY(r.out.contains("skips this file"));

    const QString dup = dir.filePath(QStringLiteral("_posts/2020-01-03-dup.md"));
    TestUtil::writeAll(dup, "---\ntitle: a\ntitle: b\n---\n");
    r = TestUtil::meetdown({QStringLiteral("check"), dup});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.contains("2020-01-03-dup.md:3:1: error: duplicate key"));
    r = TestUtil::meetdown({QStringLiteral("check"), dir.path()});
    QCOMPARE(r.exitCode, 1);
    // The five above, and 2020-01-01-x.md's missing title (a warning: Jekyll makes one up).
    QCOMPARE(r.out.count("\n"), 6);
    QVERIFY2(r.out.contains("2020-01-01-x.md:1:1: warning: 'title' is missing"), r.out.constData());
}

void TestCli::checkSiteReportsConfig()
{
    const auto r = TestUtil::meetdown(
        {QStringLiteral("check"), TestUtil::corpusDir() + QStringLiteral("/rirug")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.contains("rirug/_config.yml:11:10: error:"));
    const auto ok = TestUtil::meetdown(
        {QStringLiteral("check"),
         TestUtil::corpusDir() + QStringLiteral("/bangpypers_2021_seed_schema")});
    QVERIFY2(ok.exitCode == 0, ok.out.constData());
}

void TestCli::renderBodyAndStandalone()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    TestUtil::writeAll(path, "---\ntitle: \"<b>Talks</b> & more\"\ntags: [meetup]\n---\n# "
                             "Hello\n\n| a |\n|---|\n| 1 |\n");
    auto r = TestUtil::meetdown({QStringLiteral("render"), path});
    QCOMPARE(r.exitCode, 0);
    // With the id kramdown gives it, as on the site.
    QVERIFY2(r.out.startsWith("<h1 id=\"hello\">Hello</h1>"), r.out.constData());
    QVERIFY(r.out.contains("<table>"));
    QVERIFY(!r.out.contains("Talks"));
    r = TestUtil::meetdown({QStringLiteral("render"), path, QStringLiteral("--standalone")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("<!DOCTYPE html>"));
    QVERIFY(r.out.contains("&lt;b&gt;Talks&lt;/b&gt; &amp; more"));
    QVERIFY(r.out.contains("<li>meetup</li>"));
    TestUtil::writeAll(path, "2");
    QCOMPARE(TestUtil::meetdown({QStringLiteral("render"), path}).out, QByteArray("<p>2</p>\n"));
}

void TestCli::setRefusesADateJekyllCannotRead()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.md"));
    const QByteArray original = "---\ntitle: x\ndate: 2020-01-01 10:00:00 +0000\n---\n";
    TestUtil::writeAll(path, original);
    const auto r =
        TestUtil::meetdown({QStringLiteral("set"), path, QStringLiteral("date=tomorrow")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(":3:1: error: Jekyll cannot read this date"), r.err.constData());
    QCOMPARE(TestUtil::readAll(path), original);
    const auto note = TestUtil::meetdown(
        {QStringLiteral("set"), path, QStringLiteral("--unset"), QStringLiteral("nope")});
    QCOMPARE(note.exitCode, 0);
    QVERIFY(note.err.contains("no key 'nope'"));
}

void TestCli::messagesNameThePath()
{
    QTemporaryDir dir;
    const auto folder = TestUtil::meetdown({QStringLiteral("get"), dir.path()});
    QCOMPARE(folder.exitCode, 1);
    QCOMPARE(folder.err.trimmed(),
             (dir.path() + QStringLiteral(": error: is a folder, not a post")).toUtf8());
    const QString bad = dir.filePath(QStringLiteral("bad.md"));
    TestUtil::writeAll(bad, "---\ntitle: ok\n---\nline\ncaf\xE9\n");
    const auto check = TestUtil::meetdown({QStringLiteral("check"), bad});
    QVERIFY2(check.out.startsWith(
                 (bad + QStringLiteral(":5:1: error: the file is not valid UTF-8")).toUtf8()),
             check.out.constData());
    const auto help = TestUtil::meetdown({QStringLiteral("check"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("Usage: meetdown"));
    // A folder of posts without _config.yml is a site to Jekyll, so it is checked.
    TestUtil::writeAll(dir.filePath(QStringLiteral("site/_posts/2020-01-01-a.md")),
                       "---\ntitle: a\n---\n");
    QCOMPARE(TestUtil::meetdown({QStringLiteral("check"), dir.filePath(QStringLiteral("site"))})
                 .exitCode,
             0);
}

void TestCli::windowWithoutDisplaySaysSo()
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    p.setProcessEnvironment(env);
    p.start(TestUtil::meetdown(), {});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY(p.readAllStandardError().contains("no display"));
}

void TestCli::newFollowsTheSiteSchema()
{
    // A site with `meetdown: fields:` gets its fields, in its order, with its defaults.
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "timezone: UTC\nmeetdown:\n  fields:\n"
                       "    title: {required: true}\n"
                       "    layout: {type: hidden, default: talk}\n"
                       "    date: {type: datetime}\n"
                       "    venue: {type: select, options: [Hub, online], default: Hub}\n"
                       "    speakers: {type: list}\n");
    auto r = TestUtil::meetdown({QStringLiteral("new"), QStringLiteral("--site"), dir.path(),
                                 QStringLiteral("--title"), QStringLiteral("May: talks"),
                                 QStringLiteral("--date"), QStringLiteral("2024-05-01 18:30")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString path = QString::fromUtf8(r.out.trimmed());
    QCOMPARE(path, dir.filePath(QStringLiteral("_posts/2024-05-01-may-talks.md")));
    const QByteArray text = TestUtil::readAll(path);
    // `hidden` is no type a site may declare: layout falls back to a string, with its default.
    QVERIFY2(text.startsWith("---\ntitle: \"May: talks\"\nlayout: talk\n"
                             "date: 2024-05-01 18:30:00 +0000\nvenue: Hub\nspeakers:\n---\n\n"),
             text.constData());
    QVERIFY(text.contains("## First talk"));
    r = TestUtil::meetdown({QStringLiteral("check"), path});
    QCOMPARE(r.exitCode, 0);

    // A site without a schema: the template, in the words its posts use (bangpypers has
    // `authors:` lists).
    QTemporaryDir copy;
    TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/bangpypers"), copy.path());
    r = TestUtil::meetdown(
        {QStringLiteral("new"), QStringLiteral("--site"), copy.path(), QStringLiteral("--title"),
         QStringLiteral("May"), QStringLiteral("--date"), QStringLiteral("2024-05-01 18:30"),
         QStringLiteral("--author"), QStringLiteral("Ann"), QStringLiteral("--draft")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray draft = TestUtil::readAll(QString::fromUtf8(r.out.trimmed()));
    QVERIFY2(draft.contains("\nauthors: [Ann]\n"), draft.constData());
    QVERIFY(!draft.contains("\nauthor:"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
