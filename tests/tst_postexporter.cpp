// Export to a site and export as one HTML page: the end-to-end path from a report drafted
// outside any site to a page that `jekyll build` publishes with its photos, the rules one at a
// time (names, collisions, never replacing, only link bytes changed, refusals), and the window's
// two File menu entries.

#include "guiutil.h"
#include "testutil.h"

#include <app/mainwindow.h>
#include <editor/markdowneditor.h>
#include <preview/previewview.h>

#include <editor/photoimporter.h>
#include <editor/post.h>
#include <editor/postexporter.h>
#include <editor/posttemplate.h>
#include <editor/site.h>
#include <editor/sitechecker.h>

#include <QApplication>
#include <QBuffer>
#include <QDirIterator>
#include <QFileDialog>
#include <QImage>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

namespace {

const QDateTime Now(QDate(2024, 9, 1), QTime(12, 0), QTimeZone::utc());

// A small PNG or JPEG whose bytes differ with seed.
QByteArray picture(int seed, const char *format = "PNG", int width = 64)
{
    QImage image(width, width * 3 / 4, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, qRgb((x * 4 + seed * 40) % 256, (y * 5) % 256, seed * 70 % 256));
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, format))
        qFatal("cannot encode a test picture");
    return bytes;
}

// Every file under root, relative, with its bytes: what "nothing was written" is checked with.
QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        out.insert(QDir(root).relativeFilePath(path), TestUtil::readAll(path));
    }
    return out;
}

QString site(const QTemporaryDir &dir, const QByteArray &config = "timezone: UTC\n")
{
    const QString root = dir.filePath(QStringLiteral("site"));
    TestUtil::writeAll(root + QStringLiteral("/_config.yml"), config);
    return root;
}

QString posts(const QString &root, const QString &name)
{
    return root + QStringLiteral("/_posts/") + name;
}

} // namespace

class TestPostExporter final : public QObject
{
    Q_OBJECT

private slots:
    void reportFromTemplateIsPublishedWithItsPhotos_data();
    void reportFromTemplateIsPublishedWithItsPhotos();

    void fileNameFromDateAndTitle();
    void onlyTheLinkBytesChange();
    void frontMatterImageKeepsItsStyle();
    void baseurlPrefixInBodyNotInFrontMatter();
    void configuredImageFolder();
    void collisionsReuseOrNumber();
    void samePhotoTwiceIsCopiedOnce();
    void neverReplacesADifferentPost();
    void sameExportTwiceIsAlreadyThere();
    void missingPhotoRefusesEverything();
    void linksThatAlreadyWorkStay();
    void fromAnotherSite();
    void refusesWhatIsNoSite();
    void refusesABrokenPost();
    void symlinkedImageFolderIsRefused();
    void commandLine();

    void embedsLocalPictures();
    void renderEmbedImagesFromTheCommandLine();

    void windowExportsWithUnsavedEdits();
};

// The acceptance test: a corpus site in a temporary folder, a report from the template
// drafted outside it with two imported photos (relative links), exported, built by Jekyll.
void TestPostExporter::reportFromTemplateIsPublishedWithItsPhotos_data()
{
    QTest::addColumn<QString>("corpusSite");
    QTest::addColumn<QByteArray>("baseurl");
    // rirug: a Ruby symbol in _config.yml, America/New_York, permalink /:year:month:day-:title.
    QTest::newRow("rirug") << QStringLiteral("rirug") << QByteArray();
    // bangpypers: two plugins that are not installed, permalink /blog/:year/:month/:day/:title/.
    QTest::newRow("bangpypers") << QStringLiteral("bangpypers") << QByteArray();
    QTest::newRow("bangpypers under /blr") << QStringLiteral("bangpypers") << QByteArray("/blr");
}

void TestPostExporter::reportFromTemplateIsPublishedWithItsPhotos()
{
    QFETCH(QString, corpusSite);
    QFETCH(QByteArray, baseurl);
    QTemporaryDir dir;
    const QString root = TestUtil::buildableCorpusSite(
        corpusSite, dir.filePath(QStringLiteral("site")), QString::fromUtf8(baseurl));
    const Site target = Site::load(root);
    QVERIFY(!hasErrors(target.configDiagnostics()));
    QCOMPARE(target.baseurl(), QString::fromUtf8(baseurl));

    // The report, drafted outside the site, late in the evening in the site's time zone.
    const QTimeZone zone = target.timeZone();
    const QDateTime date(QDate(2024, 8, 10), QTime(23, 30), zone);
    const QString draft = dir.filePath(QStringLiteral("drafts/August report.md"));
    const QString title = QStringLiteral("August 2024 meetup: Rust & Python");
    QVERIFY(TestUtil::writeAll(
        draft, PostTemplate::meetupReport(title, QStringLiteral("Asha"), date, zone)));
    const QByteArray talkPhoto = picture(1, "JPEG", 800);
    const QByteArray groupPhoto = picture(2, "PNG", 300);
    TestUtil::writeAll(dir.filePath(QStringLiteral("camera/Talk One.jpg")), talkPhoto);
    TestUtil::writeAll(dir.filePath(QStringLiteral("camera/Group Photo.png")), groupPhoto);
    const ImportResult imported =
        PhotoImporter::import(draft, {dir.filePath(QStringLiteral("camera/Talk One.jpg")),
                                      dir.filePath(QStringLiteral("camera/Group Photo.png"))});
    QVERIFY2(imported.errors.isEmpty(), qPrintable(imported.errors.join(QLatin1Char('\n'))));
    QCOMPARE(imported.imported.size(), 2);
    const PhotoImport &talk = imported.imported.at(0);
    const PhotoImport &group = imported.imported.at(1);
    QCOMPARE(talk.link, QStringLiteral("August%20report/talk-one.jpg")); // relative, beside it
    Post post = Post::fromBytes(TestUtil::readAll(draft));
    QString body = post.body();
    const QString dropHere = QStringLiteral("<!-- Drop the talk's photos here. -->");
    body.replace(body.indexOf(dropHere), dropHere.size(), PhotoImporter::markdownFor(talk));
    body.replace(body.indexOf(dropHere), dropHere.size(), PhotoImporter::markdownFor(group));
    post.setBody(body);
    QCOMPARE(post.setString(QStringLiteral("image"), group.link), QString());
    const QByteArray drafted = post.toBytes();
    QVERIFY(TestUtil::writeAll(draft, drafted));

    const SiteExport result = PostExporter::exportToSite(draft, root);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    const QString rel = QStringLiteral("_posts/2024-08-10-august-2024-meetup-rust-python.md");
    QCOMPARE(result.post.path, root + QLatin1Char('/') + rel);
    QVERIFY(!result.post.alreadyThere);
    QCOMPARE(result.photos.size(), 2);
    const QString folder = PhotoImporter::destinationFor(result.post.path).folder;
    QCOMPARE(result.photos.at(0).path, folder + QStringLiteral("/talk-one.jpg"));
    QCOMPARE(result.photos.at(1).path, folder + QStringLiteral("/group-photo.png"));
    QCOMPARE(TestUtil::readAll(result.photos.at(0).path), talkPhoto);
    QCOMPARE(TestUtil::readAll(result.photos.at(1).path), groupPhoto);

    // Only the three links changed: to PhotoImporter's links for a post at the new path, and
    // to a site-root path in the front matter, which themes put through relative_url.
    const QString talkLink =
        PhotoImporter::linkFor(result.post.path, QStringLiteral("talk-one.jpg"));
    const QString groupLink =
        PhotoImporter::linkFor(result.post.path, QStringLiteral("group-photo.png"));
    QCOMPARE(talkLink.startsWith(QLatin1String("{{ site.baseurl }}/")), !baseurl.isEmpty());
    QByteArray expected = drafted;
    expected.replace("](" + talk.link.toUtf8() + ')', "](" + talkLink.toUtf8() + ')');
    expected.replace("](" + group.link.toUtf8() + ')', "](" + groupLink.toUtf8() + ')');
    QString groupPath = groupLink;
    groupPath.remove(QStringLiteral("{{ site.baseurl }}"));
    expected.replace("image: " + group.link.toUtf8() + '\n', "image: " + groupPath.toUtf8() + '\n');
    const QByteArray exported = TestUtil::readAll(result.post.path);
    QCOMPARE(exported, expected);
    QCOMPARE(TestUtil::changedLineCount(drafted, exported), 3);
    QCOMPARE(result.links.size(), 3);
    for (const Diagnostic &d : result.findings) {
        QVERIFY2(!d.isError() && !d.message.contains(QLatin1String("does not exist")),
                 qPrintable(d.message));
    }

    // Jekyll publishes it at the URL Meetdown computed, with the title and the photos.
    const QString out = dir.filePath(QStringLiteral("_site"));
    const auto build = TestUtil::run(QStringLiteral("jekyll"),
                                     {QStringLiteral("build"), QStringLiteral("--quiet"),
                                      QStringLiteral("-s"), root, QStringLiteral("-d"), out});
    QVERIFY2(build.exitCode == 0, build.err.constData());
    const QString url = target.postUrl(rel, Post::fromBytes(exported));
    QCOMPARE(target.baseurl() + url, result.url);
    const QString page = out + Site::outputPathForUrl(url);
    // rirug's /:year:month:day-:title has no extension: Jekyll adds .html, and so do we.
    QVERIFY2(QFileInfo::exists(page), qPrintable(page));
    const QString html = QString::fromUtf8(TestUtil::readAll(page));
    // Liquid prints the title as it is, `&` and all.
    QVERIFY2(html.contains(
                 QStringLiteral("<h1 class=\"post-title\">August 2024 meetup: Rust & Python</h1>")),
             qPrintable(html));
    static const QRegularExpression img(QStringLiteral("<img\\b[^>]*\\bsrc=\"([^\"]+)\""));
    QStringList sources;
    for (auto it = img.globalMatch(html); it.hasNext();)
        sources.append(it.next().captured(1));
    QCOMPARE(sources.size(), 3); // the featured image, then one per talk
    const QList<QByteArray> bytes = {groupPhoto, talkPhoto, groupPhoto};
    for (int i = 0; i < sources.size(); ++i) {
        QString src = QUrl::fromPercentEncoding(sources.at(i).toUtf8());
        QVERIFY2(src.startsWith(QString::fromUtf8(baseurl) + QLatin1Char('/')), qPrintable(src));
        src = src.mid(baseurl.size());
        QCOMPARE(TestUtil::readAll(out + src), bytes.at(i));
    }
}

void TestPostExporter::fileNameFromDateAndTitle()
{
    QTemporaryDir dir;
    const Site kolkata = Site::load(site(dir, "timezone: Asia/Kolkata\n"));
    const Post dated =
        Post::fromBytes("---\ntitle: \"Talks & Pizza\"\ndate: 2024-05-01 22:00:00 +0000\n---\n");
    // 22:00 UTC is already May 2nd in Kolkata.
    QCOMPARE(PostExporter::targetFileName(QStringLiteral("x.md"), dated, kolkata, Now),
             QStringLiteral("2024-05-02-talks-pizza.md"));
    const Post undated = Post::fromBytes("---\ntitle: Talks\n---\n");
    QCOMPARE(
        PostExporter::targetFileName(QStringLiteral("x.md"), undated, kolkata,
                                     QDateTime(QDate(2024, 9, 1), QTime(20, 0), QTimeZone::utc())),
        QStringLiteral("2024-09-02-talks.md"));
    // Without date:, Jekyll dates a post by its file name: the export keeps that day, not today's.
    QCOMPARE(PostExporter::targetFileName(
                 QStringLiteral("/d/_posts/2015-08-29-pythonpune-event-report.md"), undated,
                 kolkata, QDateTime(QDate(2024, 9, 1), QTime(20, 0), QTimeZone::utc())),
             QStringLiteral("2015-08-29-talks.md"));
    QCOMPARE(
        PostExporter::targetFileName(QStringLiteral("/d/2024-02-30-bad.md"), undated, kolkata,
                                     QDateTime(QDate(2024, 9, 1), QTime(20, 0), QTimeZone::utc())),
        QStringLiteral("2024-03-01-talks.md"));
    const Post untitled = Post::fromBytes("---\ndate: 2024-05-01\n---\n");
    QCOMPARE(PostExporter::targetFileName(QStringLiteral("/d/2019-01-01-Old Name.markdown"),
                                          untitled, kolkata, Now),
             QStringLiteral("2024-05-01-old-name.markdown"));
    QCOMPARE(PostExporter::targetFileName(QStringLiteral("/d/Mon Brouillon.html"), untitled,
                                          kolkata, Now),
             QStringLiteral("2024-05-01-mon-brouillon.html"));
    QCOMPARE(PostExporter::targetFileName(QStringLiteral("/d/!!!.txt"), untitled, kolkata, Now),
             QString());
}

void TestPostExporter::onlyTheLinkBytesChange()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/pics/a.png")), picture(1));
    // CRLF, a comment, odd spacing, a title, HTML without quotes, a reference definition, code
    // that shows a link (a span and a CRLF fence), and a non-ASCII line before the links.
    const QByteArray before =
        "---\r\ntitle:  Caf\xc3\xa9 talks   # keep\r\ndate: 2024-03-03 10:00:00 +0000\r\n---\r\n"
        "Caf\xc3\xa9 \xe2\x80\x94 intro  \r\n"
        "![First](pics/a.png \"the title\")\r\n"
        "<img alt=\"a\" src=pics/a.png>\r\n"
        "![Ref][pic]\r\n"
        "`![code](pics/a.png)`\r\n"
        "```\r\n![fenced](pics/a.png)\r\n```\r\n"
        "![After the fence](pics/a.png)\r\n"
        "\r\n"
        "[pic]: <pics/a.png>\r\n";
    TestUtil::writeAll(draft, before);
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    // Jekyll's slugify keeps letters: the folder is named with the é, and the link encodes it.
    QCOMPARE(result.post.path, posts(root, QStringLiteral("2024-03-03-caf\u00e9-talks.md")));
    const QByteArray link = "/assets/images/posts/2024-03-03-caf%C3%A9-talks/a.png";
    QByteArray expected = before;
    expected.replace("![First](pics/a.png", "![First](" + link);
    expected.replace("src=pics/a.png>", "src=\"" + link + "\">");
    expected.replace("[pic]: <pics/a.png>", "[pic]: <" + link + ">");
    expected.replace("![After the fence](pics/a.png", "![After the fence](" + link);
    QCOMPARE(TestUtil::readAll(result.post.path), expected);
    QCOMPARE(result.photos.size(), 1);
    // In the order the pictures show: ![Ref][pic] is on line 8, its definition on line 15.
    QCOMPARE(result.links.size(), 4);
    QCOMPARE(result.links.at(0).line, 6);
    QCOMPARE(result.links.at(1).line, 7);
    QCOMPARE(result.links.at(2).line, 15);
    QCOMPARE(result.links.at(3).line, 13);
    QCOMPARE(result.links.at(3).to, QString::fromUtf8(link));
    for (const Diagnostic &d : result.findings)
        QVERIFY2(!d.message.contains(QLatin1String("had no date")), qPrintable(d.message));

    // Dated nowhere: the export says the post takes today's date.
    const QString undated = dir.filePath(QStringLiteral("draft/undated.md"));
    TestUtil::writeAll(undated, "---\ntitle: Undated\n---\nText.\n");
    const SiteExport dated = PostExporter::exportToSite(undated, root, Now);
    QVERIFY(dated.ok());
    QStringList messages;
    for (const Diagnostic &d : dated.findings)
        messages << d.message;
    QVERIFY2(messages.join(QLatin1Char('\n')).contains(QStringLiteral("the post had no date")),
             qPrintable(messages.join(QLatin1Char('\n'))));
}

void TestPostExporter::frontMatterImageKeepsItsStyle()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/r/cover.png")), picture(3));
    TestUtil::writeAll(draft, "---\ntitle: R\ndate: 2024-03-03\nimage: 'r/cover.png' # the card\n"
                              "tags: [a]\n---\nNo pictures in the text.\n");
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    QCOMPARE(TestUtil::readAll(result.post.path),
             QByteArray("---\ntitle: R\ndate: 2024-03-03\n"
                        "image: '/assets/images/posts/2024-03-03-r/cover.png' # the card\n"
                        "tags: [a]\n---\nNo pictures in the text.\n"));
    QCOMPARE(result.links.size(), 1);
    QCOMPARE(result.links.first().line, 4);
}

void TestPostExporter::baseurlPrefixInBodyNotInFrontMatter()
{
    QTemporaryDir dir;
    const QString root = site(dir, "baseurl: /meetup\ntimezone: UTC\n");
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/x.png")), picture(1));
    TestUtil::writeAll(draft, "---\ntitle: R\ndate: 2024-03-03\nimage: x.png\n---\n![X](x.png)\n"
                              "<img alt='x' src='x.png'>\n");
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    QCOMPARE(
        TestUtil::readAll(result.post.path),
        QByteArray(
            "---\ntitle: R\ndate: 2024-03-03\nimage: /assets/images/posts/2024-03-03-r/x.png\n"
            "---\n![X]({{ site.baseurl }}/assets/images/posts/2024-03-03-r/x.png)\n"
            "<img alt='x' src='{{ site.baseurl }}/assets/images/posts/2024-03-03-r/x.png'>\n"));
    QCOMPARE(result.url, QStringLiteral("/meetup/2024/03/03/r.html"));
    // The site's check finds the links good.
    QCOMPARE(result.findings, Diagnostics());
}

void TestPostExporter::configuredImageFolder()
{
    QTemporaryDir dir;
    const QString root = site(dir, "meetdown: { image_folder: \"img/:slug\" }\n");
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/Photo 1.PNG")), picture(1));
    TestUtil::writeAll(draft, "---\ntitle: Report\ndate: 2024-03-03\n---\n![a](Photo%201.PNG)\n");
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    // The file keeps its name: it was named at import, or by the author.
    QCOMPARE(result.photos.first().path, root + QStringLiteral("/img/report/Photo 1.PNG"));
    QVERIFY(TestUtil::readAll(result.post.path).endsWith("![a](/img/report/Photo%201.PNG)\n"));
}

void TestPostExporter::collisionsReuseOrNumber()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    const QString folder = root + QStringLiteral("/assets/images/posts/2024-03-03-r");
    TestUtil::writeAll(folder + QStringLiteral("/same.png"), picture(1));
    TestUtil::writeAll(folder + QStringLiteral("/other.png"), picture(9));
    TestUtil::writeAll(folder + QStringLiteral("/other-2.png"), picture(8));
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/same.png")), picture(1));
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/other.png")), picture(2));
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/b/other.png")), picture(8));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(draft,
                       "---\ntitle: R\ndate: 2024-03-03\n---\n![a](same.png) ![b](other.png) "
                       "![c](b/other.png)\n");
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    QCOMPARE(result.photos.size(), 3);
    QCOMPARE(result.photos.at(0).path, folder + QStringLiteral("/same.png"));
    QVERIFY(result.photos.at(0).alreadyThere);
    // other.png and other-2.png are taken by different pictures.
    QCOMPARE(result.photos.at(1).path, folder + QStringLiteral("/other-3.png"));
    QVERIFY(!result.photos.at(1).alreadyThere);
    QCOMPARE(TestUtil::readAll(folder + QStringLiteral("/other-3.png")), picture(2));
    // b/other.png has the bytes of other-2.png: that one is used.
    QCOMPARE(result.photos.at(2).path, folder + QStringLiteral("/other-2.png"));
    QVERIFY(result.photos.at(2).alreadyThere);
    QCOMPARE(TestUtil::readAll(folder + QStringLiteral("/other.png")), picture(9));
    QVERIFY(TestUtil::readAll(result.post.path)
                .endsWith("![a](/assets/images/posts/2024-03-03-r/same.png) "
                          "![b](/assets/images/posts/2024-03-03-r/other-3.png) "
                          "![c](/assets/images/posts/2024-03-03-r/other-2.png)\n"));
}

void TestPostExporter::samePhotoTwiceIsCopiedOnce()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/p/a.png")), picture(1));
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/q/a.png")), picture(2));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(draft,
                       "---\ntitle: R\ndate: 2024-03-03\n---\n![a](p/a.png) ![b](./p/../p/a.png) "
                       "![c](q/a.png)\n");
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    QCOMPARE(result.photos.size(), 2);
    QVERIFY(TestUtil::readAll(result.post.path)
                .endsWith("![a](/assets/images/posts/2024-03-03-r/a.png) "
                          "![b](/assets/images/posts/2024-03-03-r/a.png) "
                          "![c](/assets/images/posts/2024-03-03-r/a-2.png)\n"));
}

void TestPostExporter::neverReplacesADifferentPost()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    const QString existing = posts(root, QStringLiteral("2024-03-03-r.md"));
    TestUtil::writeAll(existing, "---\ntitle: Someone else's\n---\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/a.png")), picture(1));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(draft, "---\ntitle: R\ndate: 2024-03-03\n---\n![a](a.png)\n");
    const auto before = snapshot(root);
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QVERIFY(!result.ok());
    QCOMPARE(result.errors.size(), 1);
    QVERIFY(result.errors.first().contains(QLatin1String("already exists with other content")));
    // Where it differs, so the user can tell what is in the way.
    QVERIFY2(result.errors.first().contains(
                 QLatin1String("(from line 2: this export has \"title: R\")")),
             qPrintable(result.errors.first()));
    // Not even the photo was copied.
    QCOMPARE(snapshot(root), before);
    QVERIFY(result.photos.isEmpty());
}

void TestPostExporter::sameExportTwiceIsAlreadyThere()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/a.png")), picture(1));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(draft, "---\ntitle: R\ndate: 2024-03-03\n---\n![a](a.png)\n");
    const SiteExport first = PostExporter::exportToSite(draft, root, Now);
    QVERIFY(first.ok());
    const auto after = snapshot(root);
    const SiteExport second = PostExporter::exportToSite(draft, root, Now);
    QVERIFY2(second.ok(), qPrintable(second.errors.join(QLatin1Char('\n'))));
    QVERIFY(second.post.alreadyThere);
    QCOMPARE(second.photos.size(), 1);
    QVERIFY(second.photos.first().alreadyThere);
    QCOMPARE(snapshot(root), after);
    // No temporary file was left behind either.
    QCOMPARE(after.size(), 3);
}

void TestPostExporter::missingPhotoRefusesEverything()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/a.png")), picture(1));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(draft,
                       "---\ntitle: R\ndate: 2024-03-03\n---\n![a](a.png)\n\n![b](gone.png)\n");
    const auto before = snapshot(root);
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.first().startsWith(
                 QLatin1String("line 7: the image 'gone.png' does not exist")),
             qPrintable(result.errors.first()));
    QCOMPARE(snapshot(root), before);
}

void TestPostExporter::linksThatAlreadyWorkStay()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    TestUtil::writeAll(root + QStringLiteral("/assets/logo.png"), picture(5));
    TestUtil::writeAll(root + QStringLiteral("/_drafts/secret.png"), picture(6));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    const QByteArray body =
        "![logo](/assets/logo.png) ![remote](https://example.com/x.png) "
        "![data](data:image/png;base64,iVBORw0KGgo=) ![liquid]({{ page.photo }})";
    TestUtil::writeAll(draft, "---\ntitle: R\ndate: 2024-03-03\n---\n" + body + "\n");
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    QVERIFY(result.photos.isEmpty());
    QVERIFY(result.links.isEmpty());
    QVERIFY(TestUtil::readAll(result.post.path).endsWith(body + "\n"));
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/assets/images")));

    // A file in a folder that Jekyll does not publish is copied where it is published.
    const QString second = dir.filePath(QStringLiteral("draft/s.md"));
    TestUtil::writeAll(second, "---\ntitle: S\ndate: 2024-03-03\n---\n![s](" + root.toUtf8() +
                                   "/_drafts/secret.png)\n");
    const SiteExport copied = PostExporter::exportToSite(second, root, Now);
    QVERIFY2(copied.ok(), qPrintable(copied.errors.join(QLatin1Char('\n'))));
    QCOMPARE(copied.photos.size(), 1);
    QCOMPARE(copied.links.first().to,
             QStringLiteral("/assets/images/posts/2024-03-03-s/secret.png"));
}

void TestPostExporter::fromAnotherSite()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    const QString other = dir.filePath(QStringLiteral("other"));
    TestUtil::writeAll(other + QStringLiteral("/_config.yml"), "baseurl: /old\n");
    TestUtil::writeAll(other + QStringLiteral("/assets/img/a.png"), picture(1));
    const QString draft = other + QStringLiteral("/_drafts/r.md");
    TestUtil::writeAll(draft, "---\ntitle: R\ndate: 2024-03-03\nimage: /assets/img/a.png\n---\n"
                              "![a]({{ site.baseurl }}/assets/img/a.png)\n");
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
    QCOMPARE(result.photos.size(), 1);
    QCOMPARE(TestUtil::readAll(result.post.path),
             QByteArray(
                 "---\ntitle: R\ndate: 2024-03-03\nimage: /assets/images/posts/2024-03-03-r/a.png\n"
                 "---\n![a](/assets/images/posts/2024-03-03-r/a.png)\n"));
}

void TestPostExporter::refusesWhatIsNoSite()
{
    QTemporaryDir dir;
    const QString draft = dir.filePath(QStringLiteral("r.md"));
    TestUtil::writeAll(draft, "---\ntitle: R\n---\n");
    QDir().mkpath(dir.filePath(QStringLiteral("plain/_posts")));
    SiteExport result =
        PostExporter::exportToSite(draft, dir.filePath(QStringLiteral("plain")), Now);
    QCOMPARE(result.errors,
             QStringList{dir.filePath(QStringLiteral("plain")) +
                         QStringLiteral(" is not a Jekyll site: it has no _config.yml (a site "
                                        "without settings can have an empty one)")});
    result = PostExporter::exportToSite(draft, dir.filePath(QStringLiteral("nowhere")), Now);
    QCOMPARE(result.errors.size(), 1);
    QVERIFY(result.errors.first().endsWith(QLatin1String("does not exist")));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("nowhere"))));

    // rirug as it is: Jekyll 4.3 cannot build it, so nothing goes in.
    const QString rirug = TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/rirug"),
                                             dir.filePath(QStringLiteral("rirug")));
    const auto before = snapshot(rirug);
    result = PostExporter::exportToSite(draft, rirug, Now);
    QCOMPARE(result.errors.size(), 2);
    QVERIFY2(result.errors.first().startsWith(rirug + QStringLiteral("/_config.yml:11:10: error:")),
             qPrintable(result.errors.first()));
    QCOMPARE(snapshot(rirug), before);
}

void TestPostExporter::refusesABrokenPost()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    const QString draft = dir.filePath(QStringLiteral("r.md"));
    TestUtil::writeAll(draft, "---\ntitle: [R\n---\n");
    QVERIFY(!PostExporter::exportToSite(draft, root, Now).ok());
    TestUtil::writeAll(draft, "---\ntitle: R\ndate: next tuesday\n---\n");
    const SiteExport badDate = PostExporter::exportToSite(draft, root, Now);
    QCOMPARE(badDate.errors,
             QStringList{draft + QStringLiteral(":3: Jekyll cannot read the date 'next tuesday'")});
    TestUtil::writeAll(draft, "---\ntitle: caf\xe9\n---\n");
    QVERIFY(!PostExporter::exportToSite(draft, root, Now).ok());
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/_posts")));
}

void TestPostExporter::symlinkedImageFolderIsRefused()
{
    QTemporaryDir dir;
    const QString root = site(dir);
    QDir().mkpath(dir.filePath(QStringLiteral("elsewhere")));
    QDir().mkpath(root + QStringLiteral("/assets/images"));
    QVERIFY(QFile::link(dir.filePath(QStringLiteral("elsewhere")),
                        root + QStringLiteral("/assets/images/posts")));
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/a.png")), picture(1));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(draft, "---\ntitle: R\ndate: 2024-03-03\n---\n![a](a.png)\n");
    const SiteExport result = PostExporter::exportToSite(draft, root, Now);
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.first().contains(QLatin1String("leads outside the site")),
             qPrintable(result.errors.first()));
    QCOMPARE(QDir(dir.filePath(QStringLiteral("elsewhere")))
                 .entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
             QStringList());
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/_posts")));
}

void TestPostExporter::commandLine()
{
    QTemporaryDir dir;
    const QString root = site(dir, "timezone: UTC\nbaseurl: /m\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/a.png")), picture(1));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(draft, "---\ntitle: R\ndate: 2024-03-03 10:00:00 +0000\n---\n![a](a.png)\n");
    auto r = TestUtil::meetdown({QStringLiteral("export"), draft, QStringLiteral("--site"), root});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString photo = root + QStringLiteral("/assets/images/posts/2024-03-03-r/a.png");
    const QString post = posts(root, QStringLiteral("2024-03-03-r.md"));
    QCOMPARE(QString::fromUtf8(r.out),
             QStringLiteral(
                 "%1\n    from %2\n%3\n    line 5: a.png -> {{ site.baseurl }}/assets/images/posts/"
                 "2024-03-03-r/a.png\npublished at /m/2024/03/03/r.html\n")
                 .arg(photo,
                      QFileInfo(dir.filePath(QStringLiteral("draft/a.png"))).canonicalFilePath(),
                      post));
    r = TestUtil::meetdown({QStringLiteral("export"), draft, QStringLiteral("--site"), root});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains((post + QStringLiteral(" (already there)\n")).toUtf8()));

    TestUtil::writeAll(draft, "---\ntitle: R\ndate: 2024-03-03 10:00:00 +0000\n---\nChanged.\n");
    r = TestUtil::meetdown({QStringLiteral("export"), draft, QStringLiteral("--site"), root});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains("already exists with other content"));
    QVERIFY(r.err.contains("Nothing was written."));
    QCOMPARE(TestUtil::meetdown({QStringLiteral("export"), draft}).exitCode, 2);
    QCOMPARE(
        TestUtil::meetdown({QStringLiteral("export"), QStringLiteral("--site"), root}).exitCode, 2);
    QCOMPARE(
        TestUtil::meetdown({QStringLiteral("export"), draft, QStringLiteral("--site")}).exitCode,
        2);
    QCOMPARE(
        TestUtil::meetdown({QStringLiteral("export"), draft, QStringLiteral("--site"), dir.path()})
            .exitCode,
        1);
}

void TestPostExporter::embedsLocalPictures()
{
    QTemporaryDir dir;
    const QString root = site(dir, "baseurl: /m\n");
    TestUtil::writeAll(root + QStringLiteral("/assets/a.png"), picture(1));
    TestUtil::writeAll(root + QStringLiteral("/_posts/beside.jpg"), picture(2, "JPEG"));
    TestUtil::writeAll(root + QStringLiteral("/assets/notes.txt"), "not a picture");
    const QString path = posts(root, QStringLiteral("2024-03-03-r.md"));
    const Post post = Post::fromBytes("---\ntitle: R\n---\n");
    const QByteArray html = "<p><img src=\"/m/assets/a.png\" alt=\"a\"> <img src='beside.jpg'>"
                            "<img src=/m/assets/a.png><img src=\"https://example.com/x.png\">"
                            "<img src=\"/m/assets/gone.png\"><img src=\"/m/assets/notes.txt\"></p>"
                            "<pre><code>&lt;img src=\"/m/assets/a.png\"&gt;</code></pre>";
    const HtmlExport page = PostExporter::embedImages(html, path, post, Site::load(root));
    const QByteArray a = "data:image/png;base64," + picture(1).toBase64();
    const QByteArray beside = "data:image/jpeg;base64," + picture(2, "JPEG").toBase64();
    QCOMPARE(page.html,
             "<p><img src=\"" + a + "\" alt=\"a\"> <img src='" + beside + "'><img src=\"" + a +
                 "\"><img src=\"https://example.com/x.png\"><img src=\"/m/assets/gone.png\">"
                 "<img src=\"/m/assets/notes.txt\"></p>"
                 "<pre><code>&lt;img src=\"/m/assets/a.png\"&gt;</code></pre>");
    QCOMPARE(page.embedded.size(), 2);
    QCOMPARE(page.warnings.size(), 3);
    QVERIFY(page.warnings.at(0).startsWith(
        QLatin1String("the image '/m/assets/gone.png' does not exist")));
    QVERIFY(page.warnings.at(1).contains(QLatin1String("notes.txt is not a picture")));
    QVERIFY(page.warnings.at(2).startsWith(QLatin1String("1 picture on other sites stays")));

    // The Liquid that names the site is expanded before rendering, and only there.
    const Post liquid = Post::fromBytes(
        "---\ntitle: \"{{ site.baseurl }}\"\n---\n![a]({{ site.baseurl }}/assets/a.png)\n");
    const HtmlExport whole =
        PostExporter::standaloneHtml(path, liquid, Site::load(root), [](const Post &p) {
            return "<h1>" + p.value(QStringLiteral("title")).toString().toUtf8() + "</h1>" +
                   p.bodyBytes();
        });
    QCOMPARE(whole.html, "<h1>{{ site.baseurl }}</h1>![a](/m/assets/a.png)\n");
}

void TestPostExporter::renderEmbedImagesFromTheCommandLine()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/r/a.png")), picture(1));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    TestUtil::writeAll(
        draft, "---\ntitle: R\nimage: r/a.png\n---\n![Talk](r/a.png)\n\n![Gone](r/b.png)\n");
    const auto r =
        TestUtil::meetdown({QStringLiteral("render"), draft, QStringLiteral("--standalone"),
                            QStringLiteral("--embed-images")});
    QCOMPARE(r.exitCode, 0);
    const QByteArray a = "data:image/png;base64," + picture(1).toBase64();
    QVERIFY(r.out.startsWith("<!DOCTYPE html>"));
    QCOMPARE(r.out.count(a), 2); // the featured image and the talk
    QVERIFY(r.out.contains("src=\"r/b.png\""));
    QVERIFY2(r.err.contains(": warning: the image 'r/b.png' does not exist"), r.err.constData());
    // Without the flag, nothing is embedded.
    const auto plain =
        TestUtil::meetdown({QStringLiteral("render"), draft, QStringLiteral("--standalone")});
    QVERIFY(!plain.out.contains("data:image"));
}

// The menu entries ask where, export what the window shows (unsaved edits too), and say what
// they wrote.
void TestPostExporter::windowExportsWithUnsavedEdits()
{
    QTemporaryDir dir;
    qputenv("MEETDOWN_JOURNAL_DIR", dir.filePath(QStringLiteral("journal")).toUtf8());
    const QString root = site(dir, "baseurl: /m\ntimezone: UTC\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/r/a.png")), picture(1));
    const QString draft = dir.filePath(QStringLiteral("draft/r.md"));
    const QByteArray saved =
        "---\ntitle: R\ndate: 2024-03-03 10:00:00 +0000\n---\n![Talk](r/a.png)\n";
    TestUtil::writeAll(draft, saved);
    QSettings().remove(QStringLiteral("export/site")); // where the last run's folder was
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(draft), QString());
    window->show();
    window->editor()->moveCursor(QTextCursor::End);
    window->editor()->insertPlainText(QStringLiteral("\nWords not saved yet.\n"));

    QAction *toSite = GuiUtil::menuAction(window, QStringLiteral("Export to &Site…"));
    QVERIFY(toSite);
    {
        GuiUtil::DialogAnswerer answerer(root);
        toSite->trigger();
        QVERIFY(answerer.choseFile());
        QCOMPARE(
            answerer.message(),
            QStringLiteral("Wrote %1\nWrote %2\nJekyll will publish it at /m/2024/03/03/r.html.")
                .arg(root + QStringLiteral("/assets/images/posts/2024-03-03-r/a.png"),
                     posts(root, QStringLiteral("2024-03-03-r.md"))));
    }
    QCOMPARE(TestUtil::readAll(posts(root, QStringLiteral("2024-03-03-r.md"))),
             QByteArray("---\ntitle: R\ndate: 2024-03-03 10:00:00 +0000\n---\n"
                        "![Talk]({{ site.baseurl }}/assets/images/posts/2024-03-03-r/a.png)\n\n"
                        "Words not saved yet.\n"));
    QCOMPARE(TestUtil::readAll(draft), saved); // the draft itself is not saved by exporting

    QAction *html = GuiUtil::menuAction(window, QStringLiteral("Export &HTML…"));
    QVERIFY(html);
    const QString page = dir.filePath(QStringLiteral("mail/r.html"));
    QDir().mkpath(dir.filePath(QStringLiteral("mail")));
    {
        GuiUtil::DialogAnswerer answerer(page);
        html->trigger();
        QVERIFY(answerer.choseFile());
        QVERIFY2(answerer.message().startsWith(QStringLiteral("Wrote %1 (").arg(page)),
                 qPrintable(answerer.message()));
        QVERIFY2(answerer.message().contains(QLatin1String("with 1 picture(s) inside")) ||
                     answerer.message().contains(QLatin1String("with 1 picture inside")),
                 qPrintable(answerer.message()));
    }
    const QByteArray written = TestUtil::readAll(page);
    QVERIFY(written.startsWith("<!DOCTYPE html>"));
    QVERIFY(written.contains("src=\"data:image/png;base64," + picture(1).toBase64() + "\""));
    QVERIFY(written.contains("Words not saved yet."));
    QVERIFY(window->isWindowModified());
    window->setAttribute(Qt::WA_DeleteOnClose, false);
    delete window;
}

int main(int argc, char **argv)
{
    PreviewView::registerUrlScheme();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("meetdown-test"));
    QStandardPaths::setTestModeEnabled(true);
    TestPostExporter test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_postexporter.moc"
