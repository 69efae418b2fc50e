// Whole-site checks: the corpus sites with their findings looked at by hand (and, where Jekyll
// can build the site, checked against what Jekyll writes), and small sites made for one rule each.

#include "testutil.h"

#include <editor/jekyllrules.h>
#include <editor/post.h>
#include <editor/site.h>
#include <editor/sitechecker.h>

#include <QDirIterator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

namespace {

// Every finding as `meetdown check` prints it, with the file relative to the site.
QStringList lines(const QList<FileFindings> &findings)
{
    QStringList out;
    for (const FileFindings &f : findings) {
        for (const Diagnostic &d : f.diagnostics)
            out.append(d.format(f.file));
    }
    return out;
}

int countContaining(const QStringList &lines, const QString &text)
{
    return int(std::count_if(lines.cbegin(), lines.cend(),
                             [&](const QString &l) { return l.contains(text); }));
}

QStringList checkPost(const QString &path, const QString &root = {},
                      const QDateTime &now = QDateTime::currentDateTime())
{
    const Site site = root.isEmpty() ? Site() : Site::load(root);
    const Post post = Post::fromBytes(TestUtil::readAll(path));
    QStringList out;
    for (const Diagnostic &d : SiteChecker::checkPost(path, post, site, now))
        out.append(d.format(QFileInfo(path).fileName()));
    return out;
}

TestUtil::Run jekyllBuild(const QString &source, const QString &destination, bool quiet = true)
{
    QStringList args = {QStringLiteral("build"), QStringLiteral("-s"), source, QStringLiteral("-d"),
                        destination};
    if (quiet)
        args.append(QStringLiteral("--quiet"));
    return TestUtil::run(QStringLiteral("jekyll"), args);
}

const QString NoAlt = QStringLiteral("without an alt attribute");
const QString NoAltText = QStringLiteral("image without alt text");
const QString Missing = QStringLiteral("does not exist");
const QString Mismatch = QStringLiteral("differs from the file name");

} // namespace

class TestSiteChecker final : public QObject
{
    Q_OBJECT

private slots:
    // The corpus, one site at a time.
    void rirugStopsOnItsConfig();
    void copenhagenjsDatesAndImages();
    void copenhagenjsAgreesWithJekyll();
    void pythonpuneWithoutConfig();
    void bangpypersImages();
    void everyCorpusSiteThroughTheCli();

    // One rule at a time.
    void requiredFieldsDefaultAndDeclared();
    void requiredFieldsFromDefaults();
    void schemaRulesAreErrors();
    void proseSchemaIsChecked();
    void inferredSchemaAddsNothing();
    void malformedFieldsSettingIsReported();
    void imageReferencesFindEveryForm();
    void codeAndCommentsShowNoPictures();
    void altText();
    void localImagesResolveLikeTheSite();
    void baseurlForms();
    void relativeImagesFollowThePostsUrl();
    void imagesOutsideASite();
    void postUrlTargets();
    void linkTargets();
    void sameUrlTwice();
    void futureTrueMeansNoFutureWarning();
    void skippedFilesGetOnlyTheNameWarning();
};

void TestSiteChecker::rirugStopsOnItsConfig()
{
    const QStringList found =
        lines(SiteChecker::check(Site::load(TestUtil::corpusDir() + QStringLiteral("/rirug"))));
    // `style: :compressed` is on line 11, the symbol at column 10; the 25 posts are clean.
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.first().startsWith(QLatin1String("_config.yml:11:10: error: ")),
             qPrintable(found.first()));
    QVERIFY(found.first().contains(QLatin1String("Ruby symbol")));
}

void TestSiteChecker::copenhagenjsDatesAndImages()
{
    const QStringList found = lines(
        SiteChecker::check(Site::load(TestUtil::corpusDir() + QStringLiteral("/copenhagenjs"))));
    QCOMPARE(found.size(), 52);
    QCOMPARE(countContaining(found, QStringLiteral(": error: ")), 0);
    QCOMPARE(countContaining(found, Mismatch), 29);
    QCOMPARE(countContaining(found, NoAlt), 14);
    QCOMPARE(countContaining(found, Missing), 9);
    // The corpus keeps posts and _config.yml only, so no picture of the site's own is there.
    QVERIFY(found.contains(QStringLiteral(
        "_posts/2011-09-19-second-meetup.md:14:45: warning: the image "
        "'/images/staticmap-prodata.gif' does not exist (no file images/staticmap-prodata.gif)")));
    QVERIFY(found.contains(QStringLiteral(
        "_posts/2013-11-19-november-meetup.md:5:1: warning: the date 2013-11-21 differs from the "
        "file name's 2013-11-19; Jekyll uses 2013-11-21, so the post's URL changes")));
    // <img src="https://i.imgur.com/Ers6JGD.jpg" /> at the start of line 20.
    QVERIFY(found.contains(
        QStringLiteral("_posts/2016-11-17-november-meetup.md:20:1: warning: <img> without an alt "
                       "attribute: people who cannot see the picture are told nothing (alt=\"\" "
                       "marks it as decoration)")));
    // `future: true` in its _config.yml: nothing is hidden as dated in the future.
    QCOMPARE(countContaining(found, QStringLiteral("future")), 0);
}

// What the check says about dates and local pictures is what Jekyll does: a post whose front
// matter date differs from its name is published under the front matter's date, and exactly
// the pictures said to be missing are missing from the built pages.
void TestSiteChecker::copenhagenjsAgreesWithJekyll()
{
    QTemporaryDir dir;
    const QString source =
        TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/copenhagenjs"),
                           dir.filePath(QStringLiteral("site")));
    const QString out = dir.filePath(QStringLiteral("_site"));
    const auto build = jekyllBuild(source, out);
    QVERIFY2(build.exitCode == 0, build.err.constData());

    const QList<FileFindings> findings = SiteChecker::check(Site::load(source));
    static const QRegularExpression mismatch(
        QStringLiteral("the date (\\d{4})-(\\d\\d)-(\\d\\d) differs from the file name's"));
    int dated = 0;
    for (const FileFindings &f : findings) {
        for (const Diagnostic &d : f.diagnostics) {
            const auto m = mismatch.match(d.message);
            if (!m.hasMatch())
                continue;
            ++dated;
            // permalink: /:year/:month/:day/:title, and the title is the file name's slug.
            const QString slug =
                JekyllRules::slugifyPretty(QFileInfo(f.file).completeBaseName().mid(11));
            const QString page = QStringLiteral("%1/%2/%3/%4/%5.html")
                                     .arg(out, m.captured(1), m.captured(2), m.captured(3), slug);
            QVERIFY2(QFileInfo::exists(page), qPrintable(page));
        }
    }
    QCOMPARE(dated, 29);

    // Every local <img> of the built pages, and whether its file is in _site.
    int missingInSite = 0;
    QDirIterator it(out, {QStringLiteral("*.html")}, QDir::Files, QDirIterator::Subdirectories);
    static const QRegularExpression img(QStringLiteral("<img\\b[^>]*?\\bsrc=[\"']([^\"']+)"));
    while (it.hasNext()) {
        auto matches = img.globalMatch(QString::fromUtf8(TestUtil::readAll(it.next())));
        while (matches.hasNext()) {
            const QString src = matches.next().captured(1);
            if (src.startsWith(QLatin1Char('/')) && !src.startsWith(QLatin1String("//")))
                missingInSite += !QFileInfo::exists(out + src);
        }
    }
    int reported = 0;
    for (const QString &line : lines(findings))
        reported += line.contains(Missing);
    QCOMPARE(missingInSite, 9);
    QCOMPARE(reported, missingInSite);
}

void TestSiteChecker::pythonpuneWithoutConfig()
{
    const QString root = TestUtil::corpusDir() + QStringLiteral("/pythonpune");
    QVERIFY(!QFileInfo::exists(root + QStringLiteral("/_config.yml")));
    const QStringList found = lines(SiteChecker::check(Site::load(root)));
    QCOMPARE(found.size(), 8);
    QCOMPARE(countContaining(found, NoAlt), 8);
    QVERIFY(found.contains(QStringLiteral(
        "_posts/2015-08-29-pythonpune-event-report.md:16:1: warning: <img> without an alt "
        "attribute: people who cannot see the picture are told nothing (alt=\"\" marks it as "
        "decoration)")));
}

void TestSiteChecker::bangpypersImages()
{
    for (const QString &name :
         {QStringLiteral("bangpypers"), QStringLiteral("bangpypers_2021_seed_schema")}) {
        const QStringList found =
            lines(SiteChecker::check(Site::load(TestUtil::corpusDir() + QLatin1Char('/') + name)));
        QCOMPARE(found.size(), 17);
        QCOMPARE(countContaining(found, NoAlt), 10);
        QCOMPARE(countContaining(found, Missing), 7);
        // The featured image in the front matter, a path from the site root.
        QVERIFY(found.contains(QStringLiteral(
            "_posts/2019-05-15-Pycon-India-2019-is-coming.md:7:1: warning: the image "
            "'/assets/images/posts/pycon-chennai-2019.png' does not exist (no file "
            "assets/images/posts/pycon-chennai-2019.png)")));
        QVERIFY(found.contains(QStringLiteral(
            "_posts/2019-09-21-September-meetup.md:37:11: warning: the image "
            "'/assets/images/posts/21_Sep_2019/IMG_20190921_103809.jpg' does not exist (no file "
            "assets/images/posts/21_Sep_2019/IMG_20190921_103809.jpg)")));
        // ![photo1][] with `[photo1]: http://...` is a remote picture with alt text: nothing.
        QCOMPARE(countContaining(found, QStringLiteral("machine-learning-workshop")), 0);
    }
}

void TestSiteChecker::everyCorpusSiteThroughTheCli()
{
    struct Expected
    {
        const char *site;
        int exitCode;
        int lines;
    };
    for (const Expected &e :
         {Expected{"rirug", 1, 1}, Expected{"copenhagenjs", 0, 52}, Expected{"pythonpune", 0, 8},
          Expected{"bangpypers", 0, 17}, Expected{"bangpypers_2021_seed_schema", 0, 17}}) {
        const QString root = TestUtil::corpusDir() + QLatin1Char('/') + QLatin1String(e.site);
        const auto r = TestUtil::meetdown({QStringLiteral("check"), root});
        QCOMPARE(r.exitCode, e.exitCode);
        QCOMPARE(int(r.out.count('\n')), e.lines);
        for (const QByteArray &line : r.out.split('\n')) {
            if (!line.isEmpty())
                QVERIFY2(line.startsWith(root.toUtf8() + '/'), line.constData());
        }
    }
}

void TestSiteChecker::requiredFieldsDefaultAndDeclared()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "timezone: UTC\n");
    QCOMPARE(SiteChecker::requiredFields(Site::load(dir.path())), TestUtil::strings({"title"}));
    const QString post = dir.filePath(QStringLiteral("_posts/2020-01-01-a.md"));
    TestUtil::writeAll(post, "---\nauthor: x\n---\nText.\n");
    QCOMPARE(checkPost(post, dir.path()),
             TestUtil::strings(
                 {"2020-01-01-a.md:1:1: warning: 'title' is missing (Jekyll makes one up from "
                  "the file name)"}));
    TestUtil::writeAll(post, "---\ntitle: \"  \"\nauthor: x\n---\nText.\n");
    QCOMPARE(
        checkPost(post, dir.path()),
        TestUtil::strings({"2020-01-01-a.md:2:1: warning: 'title' is empty (Jekyll makes one up "
                           "from the file name)"}));

    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "timezone: UTC\nmeetdown:\n  fields:\n    title: {required: false}\n"
                       "    author: {required: true}\n    venue:\n      required: true\n");
    QCOMPARE(SiteChecker::requiredFields(Site::load(dir.path())),
             (TestUtil::strings({"author", "venue"})));
    TestUtil::writeAll(post, "---\nauthor:\n---\nText.\n");
    QCOMPARE(
        checkPost(post, dir.path()),
        (TestUtil::strings({"2020-01-01-a.md:1:1: error: 'venue' is missing (_config.yml makes it "
                            "required under meetdown: fields:)",
                            "2020-01-01-a.md:2:1: error: 'author' is empty (_config.yml makes it "
                            "required under meetdown: fields:)"})));
    const auto r = TestUtil::meetdown({QStringLiteral("check"), dir.path()});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.out.count('\n'), 2);
}

void TestSiteChecker::requiredFieldsFromDefaults()
{
    QTemporaryDir dir;
    TestUtil::writeAll(
        dir.filePath(QStringLiteral("_config.yml")),
        "meetdown: {fields: {author: {required: true}}}\n"
        "defaults:\n  - scope: {path: \"_posts/team\"}\n    values: {author: Team}\n");
    const QString team = dir.filePath(QStringLiteral("_posts/team/2020-01-01-a.md"));
    const QString other = dir.filePath(QStringLiteral("_posts/2020-01-01-b.md"));
    TestUtil::writeAll(team, "---\ntitle: A\n---\n");
    TestUtil::writeAll(other, "---\ntitle: B\n---\n");
    QCOMPARE(checkPost(team, dir.path()), QStringList());
    QCOMPARE(checkPost(other, dir.path()).size(), 1);
    QVERIFY(
        checkPost(other, dir.path()).first().contains(QLatin1String("error: 'author' is missing")));
}

void TestSiteChecker::schemaRulesAreErrors()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "timezone: UTC\n"
                       "meetdown:\n"
                       "  fields:\n"
                       "    layout: {type: select, options: [post, talk]}\n"
                       "    author: {required: true}\n"
                       "    venue: {type: select, options: [Hub, online], required: true}\n"
                       "    topics: {type: multiselect, options: [ruby, rails]}\n"
                       "    featured: {type: boolean}\n"
                       "    attendees: {type: number}\n"
                       "    held: {type: datetime}\n"
                       "    summary: {type: text}\n"
                       "    image: {type: image}\n"
                       "    tags: {type: tags}\n"
                       "    talks: {type: list}\n"
                       "    color: {type: colour}\n"
                       "defaults:\n"
                       "  - scope: {path: \"_posts/online\"}\n"
                       "    values: {venue: online, attendees: many}\n");
    const QString post = dir.filePath(QStringLiteral("_posts/2020-01-01-a.md"));
    TestUtil::writeAll(post, "---\n"
                             "title: A\n"
                             "layout: page\n"
                             "author: [x]\n"
                             "topics: [ruby, go]\n"
                             "featured: 'yes'\n"
                             "attendees: twelve\n"
                             "held: 2024-05-01 18:30\n"
                             "summary: {a: b}\n"
                             "image: [a.jpg]\n"
                             "tags: one two\n"
                             "talks: {a: 1}\n"
                             "color: 3\n"
                             "---\n"
                             "Text.\n");
    const QString why = QStringLiteral(" (_config.yml: meetdown: fields:)");
    const QStringList expected = {
        QStringLiteral("2020-01-01-a.md:1:1: error: 'venue' is missing (_config.yml makes it "
                       "required under meetdown: fields:)"),
        QStringLiteral("2020-01-01-a.md:3:1: error: 'layout': 'page' is not one of: post, talk") +
            why,
        QStringLiteral("2020-01-01-a.md:4:1: error: 'author': should be text, not a list") + why,
        QStringLiteral("2020-01-01-a.md:5:1: error: 'topics': 'go' is not one of: ruby, rails") +
            why,
        QStringLiteral("2020-01-01-a.md:6:1: error: 'featured': should be true or false") + why,
        QStringLiteral("2020-01-01-a.md:7:1: error: 'attendees': should be a number") + why,
        QStringLiteral("2020-01-01-a.md:8:1: error: 'held': should be a date and time Jekyll "
                       "reads as one, like 2024-05-01 18:30:00 +0200") +
            why,
        QStringLiteral("2020-01-01-a.md:9:1: error: 'summary': should be text, not a mapping") +
            why,
        QStringLiteral("2020-01-01-a.md:10:1: error: 'image': should be the path or URL of a "
                       "picture, not a list") +
            why,
        QStringLiteral("2020-01-01-a.md:12:1: error: 'talks': should be a list, like [a, b], not "
                       "a mapping") +
            why,
    };
    QCOMPARE(checkPost(post, dir.path()).join(QLatin1Char('\n')), expected.join(QLatin1Char('\n')));

    // The whole site: the config's own problem at its line, then the same findings.
    const Site site = Site::load(dir.path());
    QStringList all = lines(SiteChecker::check(site));
    QCOMPARE(all.size(), expected.size() + 1);
    QCOMPARE(all.first(),
             QStringLiteral("_config.yml:15:5: warning: meetdown: fields: color: type: unknown "
                            "type 'colour' (use one of string, text, datetime, boolean, select, "
                            "multiselect, tags, image, number, list); Meetdown reads it as a "
                            "string field"));
    for (int i = 0; i < expected.size(); ++i)
        QCOMPARE(all.at(i + 1), QStringLiteral("_posts/") + expected.at(i));

    // A post that follows the schema, its venue from defaults; the defaults' own wrong value
    // is named, without a line in the post.
    const QString online = dir.filePath(QStringLiteral("_posts/online/2020-02-01-b.md"));
    TestUtil::writeAll(online, "---\ntitle: B\nauthor: x\ntopics: rails\nheld: 2024-05-01\n"
                               "featured: no\n---\nText.\n");
    QCOMPARE(
        checkPost(online, dir.path()),
        QStringList(QStringLiteral("2020-02-01-b.md:1:1: error: 'attendees': should be a number "
                                   "(_config.yml: meetdown: fields:; the value comes from "
                                   "defaults:)")));
    // The post's own value wins over the default, as in Jekyll.
    TestUtil::writeAll(online, "---\ntitle: B\nauthor: x\nattendees: 3\n---\nText.\n");
    QCOMPARE(checkPost(online, dir.path()), QStringList());
    const auto r = TestUtil::meetdown({QStringLiteral("check"), dir.path()});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(int(r.out.count('\n')), expected.size() + 1);
}

void TestSiteChecker::proseSchemaIsChecked()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "prose:\n  metadata:\n    _posts:\n"
                       "      - name: category\n"
                       "        field:\n          element: select\n"
                       "          options:\n            - {name: Report, value: meetup}\n"
                       "      - name: published\n        field: {element: checkbox}\n");
    const QString post = dir.filePath(QStringLiteral("_posts/2020-01-01-a.md"));
    TestUtil::writeAll(post, "---\ntitle: A\ncategory: Report\npublished: maybe\n---\n");
    QCOMPARE(checkPost(post, dir.path()),
             (TestUtil::strings(
                 {"2020-01-01-a.md:3:1: error: 'category': 'Report' is not one of: meetup "
                  "(_config.yml: prose: metadata: _posts:)",
                  "2020-01-01-a.md:4:1: error: 'published': should be true or false "
                  "(_config.yml: prose: metadata: _posts:)"})));
    TestUtil::writeAll(post, "---\ntitle: A\ncategory: meetup\npublished: true\n---\n");
    QCOMPARE(checkPost(post, dir.path()), QStringList());
}

void TestSiteChecker::inferredSchemaAddsNothing()
{
    // Without a schema in _config.yml, Meetdown's guesses are no rules: a post that breaks the
    // seed's types gets only the findings it always had.
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "timezone: UTC\n");
    const QString post = dir.filePath(QStringLiteral("_posts/2020-01-01-a.md"));
    TestUtil::writeAll(post, "---\ntitle: A\nfeatured: often\ntags: {a: 1}\n---\nText.\n");
    QCOMPARE(checkPost(post, dir.path()), QStringList());
}

void TestSiteChecker::malformedFieldsSettingIsReported()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "meetdown:\n  fields:\n    title: yes\n    author: {required: maybe}\n");
    const Site site = Site::load(dir.path());
    const Diagnostics d = SiteChecker::configDiagnostics(site);
    QCOMPARE(d.size(), 2);
    QVERIFY(
        d.at(0).message.startsWith(QLatin1String("meetdown: fields: title: should be a mapping")));
    QVERIFY(d.at(1).message.startsWith(QLatin1String("meetdown: fields: author: required:")));
    // Neither setting counts: the default stays.
    QCOMPARE(SiteChecker::requiredFields(site), TestUtil::strings({"title"}));
    const QStringList found = lines(SiteChecker::check(site));
    QCOMPARE(found.size(), 2);
    // Each at the line of its setting (a flow mapping gives the line of its key).
    QVERIFY2(found.at(0).startsWith(QLatin1String(
                 "_config.yml:3:5: warning: meetdown: fields: title: should be a mapping")),
             qPrintable(found.at(0)));
    QVERIFY2(found.at(1).startsWith(
                 QLatin1String("_config.yml:4:5: warning: meetdown: fields: author: required:")),
             qPrintable(found.at(1)));
}

void TestSiteChecker::imageReferencesFindEveryForm()
{
    const QString body =
        QStringLiteral("![One](a.jpg)\n"                                               // 0
                       "![Two](<b c.jpg> \"title\")\n"                                 // 1
                       "![Three]({{ site.baseurl }}/d.jpg)\n"                          // 2
                       "[![Four](e.png)](big.png)\n"                                   // 3
                       "<img src=\"f.jpg\" alt=\"\"> <IMG data-src=x.jpg SRC=g.jpg>\n" // 4, 5
                       "![Five][ref] ![Six][] ![Seven]\n"                              // 6, 7, 8
                       "![](h.jpg)\n"                                                  // 9
                       "![Not an image][nowhere]\n"
                       "\n"
                       "[Ref]: <r.jpg>\n"
                       "[six]: s.jpg 'title'\n"
                       "[seven]: {{ site.baseurl }}/t.jpg\n");
    const QList<ImageReference> refs = SiteChecker::imageReferences(body);
    QStringList links;
    for (const ImageReference &r : refs) {
        QCOMPARE(body.mid(r.linkStart, r.linkLength), r.link);
        links.append(r.link);
    }
    QCOMPARE(links,
             (TestUtil::strings({"a.jpg", "b c.jpg", "{{ site.baseurl }}/d.jpg", "e.png", "f.jpg",
                                 "g.jpg", "r.jpg", "s.jpg", "{{ site.baseurl }}/t.jpg", "h.jpg"})));
    QCOMPARE(refs.at(1).inAngles, true);
    QCOMPARE(refs.at(5).quoted, false);
    QCOMPARE(refs.at(5).hasAlt, false);
    QCOMPARE(refs.at(4).hasAlt, true); // alt="" is a choice: the picture is decoration
    QCOMPARE(refs.at(6).form, ImageReference::Form::Reference);
    QCOMPARE(refs.at(6).inAngles, true);
    QCOMPARE(refs.at(9).hasAlt, false);
    QCOMPARE(body.mid(refs.at(7).start, 9), QStringLiteral("![Six][] "));

    // In a post that Jekyll does not convert, Markdown is text.
    const QList<ImageReference> html = SiteChecker::imageReferences(body, false);
    QCOMPARE(html.size(), 2);
}

void TestSiteChecker::codeAndCommentsShowNoPictures()
{
    const QString body = QStringLiteral("```markdown\n![a](in-fence.jpg)\n```\n"
                                        "~~~~\n<img src=\"tilde.jpg\">\n~~~~\n"
                                        "Text `![b](in-span.jpg)` and ``two ` ![c](x.jpg)``\n"
                                        "<!-- ![d](comment.jpg) -->\n"
                                        "{% highlight md %}\n![e](liquid.jpg)\n{% endhighlight %}\n"
                                        "```` unclosed ` span\n![ok](shown.jpg)\n");
    const QList<ImageReference> refs = SiteChecker::imageReferences(body);
    QCOMPARE(refs.size(), 1);
    QCOMPARE(refs.first().link, QStringLiteral("shown.jpg"));
}

void TestSiteChecker::altText()
{
    QTemporaryDir dir;
    const QString post = dir.filePath(QStringLiteral("p.md"));
    TestUtil::writeAll(post, "---\ntitle: x\n---\n![](https://example.com/a.jpg)\n"
                             "![ ](https://example.com/b.jpg) ![ok](https://example.com/c.jpg)\n"
                             "<img src=\"https://example.com/d.jpg\"> "
                             "<img alt=\"\" src=\"https://example.com/e.jpg\">\n");
    const QStringList found = checkPost(post);
    QCOMPARE(found.size(), 3);
    QVERIFY(found.at(0).startsWith(QLatin1String("p.md:4:1: warning: image without alt text")));
    QVERIFY(found.at(1).startsWith(QLatin1String("p.md:5:1: warning: image without alt text")));
    QVERIFY(found.at(2).startsWith(QLatin1String("p.md:6:1: warning: <img> without an alt")));
}

void TestSiteChecker::localImagesResolveLikeTheSite()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "url: https://meetup.example.org\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("assets/here.jpg")), "x");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_drafts/hidden.jpg")), "x");
    TestUtil::writeAll(dir.filePath(QStringLiteral("assets/caf\u00e9 1.jpg")), "x");
    const QString post = dir.filePath(QStringLiteral("_posts/2020-01-01-a.md"));
    TestUtil::writeAll(post, "---\ntitle: A\nimage: assets/here.jpg\n---\n"
                             "![a](/assets/here.jpg) ![b](/assets/gone.jpg)\n"
                             "![c](https://meetup.example.org/assets/here.jpg?v=2#top)\n"
                             "![d](https://meetup.example.org/assets/nope.jpg)\n"
                             "![e](/assets/caf%C3%A9%201.jpg) ![f](/_drafts/hidden.jpg)\n"
                             "![g]({{ page.photo }}) ![h](data:image/png;base64,AAAA)\n"
                             "![i](//cdn.example.com/x.jpg) ![j](/../assets/here.jpg)\n");
    const QStringList found = checkPost(post, dir.path());
    QCOMPARE(found,
             TestUtil::strings(
                 {"2020-01-01-a.md:5:29: warning: the image '/assets/gone.jpg' does not exist (no "
                  "file assets/gone.jpg)",
                  "2020-01-01-a.md:7:6: warning: the image "
                  "'https://meetup.example.org/assets/nope.jpg' does not exist (no file "
                  "assets/nope.jpg)",
                  "2020-01-01-a.md:8:38: warning: the image '/_drafts/hidden.jpg' is in the folder "
                  "_drafts, which Jekyll does not publish (its name starts with '_')"}));
}

void TestSiteChecker::baseurlForms()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "baseurl: /meetup/\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("assets/x.jpg")), "x");
    const Site site = Site::load(dir.path());
    QCOMPARE(SiteChecker::expandSiteUrls(
                 QStringLiteral("{{ site.baseurl }}/a {{ \"b\" | relative_url }} "
                                "{{ '/c' | prepend: site.baseurl }} {{ page.x }}"),
                 site),
             QStringLiteral("/meetup/a /meetup/b /meetup/c {{ page.x }}"));
    const QString post = dir.filePath(QStringLiteral("_posts/2020-01-01-a.md"));
    TestUtil::writeAll(post, "---\ntitle: A\nimage: /assets/x.jpg\n---\n"
                             "![a]({{ site.baseurl }}/assets/x.jpg) ![b](/meetup/assets/x.jpg)\n"
                             "![c]({{ '/assets/x.jpg' | relative_url }})\n"
                             "![d](/assets/x.jpg)\n");
    const QStringList found = checkPost(post, dir.path());
    QCOMPARE(found.size(), 1);
    QVERIFY2(found.first().startsWith(QLatin1String(
                 "2020-01-01-a.md:7:6: warning: the link '/assets/x.jpg' leaves out the site's "
                 "baseurl '/meetup'")),
             qPrintable(found.first()));
}

void TestSiteChecker::relativeImagesFollowThePostsUrl()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "permalink: /blog/:year/:title/\ntimezone: UTC\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("blog/2020/a/talk.jpg")), "x");
    TestUtil::writeAll(dir.filePath(QStringLiteral("blog/2020/up.jpg")), "x");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/beside.jpg")), "x");
    const QString post = dir.filePath(QStringLiteral("_posts/2020-01-01-a.md"));
    TestUtil::writeAll(post, "---\ntitle: A\n---\n![a](talk.jpg) ![b](../up.jpg)\n"
                             "![c](beside.jpg)\n");
    const QStringList found = checkPost(post, dir.path());
    QCOMPARE(found, TestUtil::strings(
                        {"2020-01-01-a.md:5:6: warning: the image 'beside.jpg' is next to the "
                         "post, but the published page looks for it at /blog/2020/a/beside.jpg, "
                         "and Jekyll does not publish files from _posts; link it from the site "
                         "root"}));
    const ImageLocation at =
        SiteChecker::locateImage(QStringLiteral("talk.jpg"), post,
                                 Post::fromBytes(TestUtil::readAll(post)), Site::load(dir.path()));
    QCOMPARE(at.kind, ImageLocation::Kind::Local);
    QCOMPARE(at.path, dir.filePath(QStringLiteral("blog/2020/a/talk.jpg")));
    QCOMPARE(at.besidePost, dir.filePath(QStringLiteral("_posts/talk.jpg")));

    // A draft's relative links are read from where it will be published.
    const QString draft = dir.filePath(QStringLiteral("_drafts/a.md"));
    TestUtil::writeAll(draft, "---\ntitle: A\ndate: 2020-05-05\n---\n![a](talk.jpg)\n");
    QCOMPARE(checkPost(draft, dir.path()), QStringList());
}

void TestSiteChecker::imagesOutsideASite()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("draft/pics/a.jpg")), "x");
    const QString post = dir.filePath(QStringLiteral("draft/report.md"));
    TestUtil::writeAll(post,
                       QStringLiteral("---\ntitle: R\n---\n![a](pics/a.jpg) ![b](pics/b.jpg)\n"
                                      "![c](%1) ![d](file://%1)\n")
                           .arg(dir.filePath(QStringLiteral("draft/pics/a.jpg")))
                           .toUtf8());
    const QStringList found = checkPost(post);
    QCOMPARE(found.size(), 1);
    QVERIFY(found.first().startsWith(
        QLatin1String("report.md:4:23: warning: the image 'pics/b.jpg' does not exist")));
}

void TestSiteChecker::postUrlTargets()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "timezone: UTC\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2020-01-01-first.md")),
                       "---\ntitle: F\n---\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/talks/2020-02-02-deep.md")),
                       "---\ntitle: D\n---\n");
    const QString post = dir.filePath(QStringLiteral("_posts/2020-03-03-links.md"));
    TestUtil::writeAll(
        post, "---\ntitle: L\n---\n"
              "[a]({% post_url 2020-01-01-first %}) [b]({%- post_url talks/2020-02-02-deep -%})\n"
              "[c]({% post_url 2020-01-01-second %})\n"
              "[d]({% post_url 2020-2-2-deep %})\n"
              "[e]({% post_url nodate %})\n"
              "{% raw %}{% post_url 2099-01-01-shown-as-text %}{% endraw %}\n");
    const QStringList found = checkPost(post, dir.path());
    QCOMPARE(found, (TestUtil::strings(
                        {"2020-03-03-links.md:5:5: error: {% post_url 2020-01-01-second %}: "
                         "there is no such post in _posts; Jekyll stops the build on it",
                         "2020-03-03-links.md:6:5: warning: {% post_url 2020-2-2-deep %} finds "
                         "_posts/talks/2020-02-02-deep.md only by Jekyll's deprecated rule; write "
                         "{% post_url talks/2020-02-02-deep %}",
                         "2020-03-03-links.md:7:5: error: {% post_url nodate %} names no post (it "
                         "needs the form YYYY-MM-DD-title); Jekyll stops the build on it"})));

    // What the check calls an error stops the build, and what it lets through builds.
    const QString out = dir.filePath(QStringLiteral("_site"));
    auto build = [&] {
        return jekyllBuild(dir.path(), out);
    };
    QVERIFY(build().exitCode != 0);
    TestUtil::writeAll(
        post, "---\ntitle: L\n---\n"
              "[a]({% post_url 2020-01-01-first %}) [b]({% post_url talks/2020-02-02-deep %})\n"
              "[d]({% post_url 2020-2-2-deep %})\n"
              "{% raw %}{% post_url 2099-01-01-shown-as-text %}{% endraw %}\n");
    QCOMPARE(lines(SiteChecker::check(Site::load(dir.path()))).size(), 1);
    const auto ok = build();
    QVERIFY2(ok.exitCode == 0, ok.err.constData());
}

// {% link %} names a file by its path in the site; one Jekyll cannot find stops its build.
void TestSiteChecker::linkTargets()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "timezone: UTC\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2020-01-01-first.md")),
                       "---\ntitle: F\n---\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("about.md")), "---\ntitle: A\n---\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("slides/a.pdf")), "%PDF\n");
    const QString post = dir.filePath(QStringLiteral("_posts/2020-03-03-links.md"));
    const QByteArray good = "---\ntitle: L\n---\n"
                            "[a]({% link _posts/2020-01-01-first.md %}) [b]({% link about.md %})\n"
                            "[c]({%- link /slides/a.pdf -%}) [d]({% link {{ page.x }} %})\n"
                            "{% raw %}{% link _posts/2099-01-01-shown-as-text.md %}{% endraw %}\n"
                            "{% comment %}{% link gone.md %}{%- endcomment %}\n";
    TestUtil::writeAll(post, good + "[e]({% link _posts/2020-01-01-first %})\n"
                                    "[f]({% link /about.md %})\n");
    QCOMPARE(checkPost(post, dir.path()),
             (TestUtil::strings(
                 {"2020-03-03-links.md:8:5: error: {% link _posts/2020-01-01-first %}: the site "
                  "has no such file that Jekyll publishes (the path starts at the site's folder, "
                  "like _posts/2024-05-01-report.md); Jekyll stops the build on it",
                  "2020-03-03-links.md:9:5: error: {% link /about.md %}: the site has no such "
                  "file that Jekyll publishes (the path starts at the site's folder, like "
                  "_posts/2024-05-01-report.md); Jekyll stops the build on it"})));

    // What the check calls an error stops the build, and what it lets through builds.
    const QString out = dir.filePath(QStringLiteral("_site"));
    QVERIFY(jekyllBuild(dir.path(), out).exitCode != 0);
    TestUtil::writeAll(post, good.left(good.indexOf("[d]")) + good.mid(good.indexOf("\n{% raw")));
    QCOMPARE(checkPost(post, dir.path()), QStringList());
    const auto ok = jekyllBuild(dir.path(), out);
    QVERIFY2(ok.exitCode == 0, ok.err.constData());
}

void TestSiteChecker::sameUrlTwice()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "timezone: UTC\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2020-01-01-talk.md")),
                       "---\ntitle: A\n---\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2020-01-01-talk.markdown")),
                       "---\ntitle: B\n---\n");
    // Its front matter moves it to the same day and name.
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2019-12-31-talk.md")),
                       "---\ntitle: C\ndate: 2020-01-01 10:00:00 +0000\n---\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2020-01-02-talk.md")),
                       "---\ntitle: D\npublished: false\ndate: 2020-01-01 10:00:00 +0000\n---\n");
    const QStringList found = lines(SiteChecker::check(Site::load(dir.path())));
    QCOMPARE(countContaining(found, QStringLiteral("to the same page /2020/01/01/talk.html")), 3);
    QVERIFY(found.contains(QStringLiteral(
        "_posts/2020-01-01-talk.md: warning: Jekyll writes this post and "
        "_posts/2019-12-31-talk.md, _posts/2020-01-01-talk.markdown to the same page "
        "/2020/01/01/talk.html; only one of them is published")));
    QCOMPARE(countContaining(found, QStringLiteral("2020-01-02-talk.md: warning: Jekyll writes")),
             0);
    const auto build = jekyllBuild(dir.path(), dir.filePath(QStringLiteral("_site")), false);
    QVERIFY2(build.exitCode == 0, build.err.constData());
    QVERIFY2((build.out + build.err).contains("Conflict:"), build.out.constData());
}

void TestSiteChecker::futureTrueMeansNoFutureWarning()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "timezone: UTC\n");
    const QString post = dir.filePath(QStringLiteral("_posts/2999-01-01-later.md"));
    TestUtil::writeAll(post, "---\ntitle: L\n---\n");
    QCOMPARE(checkPost(post, dir.path()).size(), 1);
    QVERIFY(checkPost(post, dir.path()).first().contains(QLatin1String("in the future")));
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                       "timezone: UTC\nfuture: true\n");
    QCOMPARE(checkPost(post, dir.path()), QStringList());
}

void TestSiteChecker::skippedFilesGetOnlyTheNameWarning()
{
    QTemporaryDir dir;
    TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "timezone: UTC\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/notes.md")), "---\n![](x.jpg)\n---\n");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/photo.jpg")), "\xff\xd8\xff");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/.DS_Store")), "\0\1");
    TestUtil::writeAll(dir.filePath(QStringLiteral("_drafts/photo.png")), "\x89PNG");
    const QStringList found = lines(SiteChecker::check(Site::load(dir.path())));
    QCOMPARE(found, TestUtil::strings(
                        {"_posts/notes.md: warning: Jekyll skips this file without a word: a "
                         "post's name must be YYYY-MM-DD-title.md"}));
}

QTEST_GUILESS_MAIN(TestSiteChecker)
#include "tst_sitechecker.moc"
