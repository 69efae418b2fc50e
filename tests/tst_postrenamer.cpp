// Renaming a post to match its title and date: which name is offered and when, and the move
// itself on real files: the photo folder goes along, only link bytes change, nothing is
// overwritten, a failure halfway leaves the disk as it was, and Jekyll builds the result.

#include "testutil.h"

#include <editor/photoimporter.h>
#include <editor/post.h>
#include <editor/postrenamer.h>

#include <QDirIterator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

namespace {

// Every file and folder below root with its bytes: "the disk as it was" made comparable.
QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString relative = QDir(root).relativeFilePath(path);
        if (QFileInfo(path).isDir())
            files.insert(relative + QLatin1Char('/'), QByteArray());
        else
            files.insert(relative, TestUtil::readAll(path));
    }
    return files;
}

Post post(const QByteArray &frontMatter)
{
    return Post::fromBytes("---\n" + frontMatter + "---\nBody\n");
}

} // namespace

class TestPostRenamer final : public QObject
{
    Q_OBJECT

private:
    QTimeZone zone() const { return QTimeZone(5 * 3600 + 1800); }

    QString makeSite(QTemporaryDir &dir, const QByteArray &config = "title: Test\ntimezone: UTC\n")
    {
        TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), config);
        QDir(dir.path()).mkpath(QStringLiteral("_posts"));
        return dir.path();
    }

    // A site with _posts/2015-08-21-a.md and its photo x.jpg, linked from the body.
    QString postWithPhoto(QTemporaryDir &dir)
    {
        makeSite(dir);
        const QString path = dir.filePath(QStringLiteral("_posts/2015-08-21-a.md"));
        TestUtil::writeAll(path,
                           "---\ntitle: B\n---\n![x](/assets/images/posts/2015-08-21-a/x.jpg)\n");
        TestUtil::writeAll(dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-a/x.jpg")),
                           "x");
        return path;
    }

private slots:
    // Other posts' {% post_url %} of the renamed post follow it (Jekyll stops the build on a
    // post_url that names no post); only the tag's name changes, and a dry run changes nothing.
    void postUrlsInOtherPostsFollow()
    {
        QTemporaryDir dir;
        const QString path = postWithPhoto(dir);
        const QString other = dir.filePath(QStringLiteral("_posts/2015-09-01-next.md"));
        const QByteArray otherBytes =
            "---\ntitle: Next\n---\nSee [last time]({% post_url 2015-08-21-a %})"
            " and {%- post_url   2015-08-21-a -%}, not {% post_url 2015-08-21-ab %}.\r\n";
        TestUtil::writeAll(other, otherBytes);
        const QString draft = dir.filePath(QStringLiteral("_drafts/d.md"));
        TestUtil::writeAll(draft, "{% post_url 2015-08-21-a %}");
        const QString unrelated = dir.filePath(QStringLiteral("_posts/2015-10-01-u.md"));
        TestUtil::writeAll(unrelated, "---\ntitle: U\n---\npost_url 2015-08-21-a\n");

        const auto before = snapshot(dir.path());
        const RenameResult dry =
            PostRenamer::rename(path, QStringLiteral("2015-08-21-b.md"), PostRenamer::Mode::DryRun);
        QVERIFY2(dry.ok(), qPrintable(dry.error));
        QCOMPARE(dry.postsUpdated, (QStringList{QStringLiteral("_posts/2015-09-01-next.md"),
                                                QStringLiteral("_drafts/d.md")}));
        QCOMPARE(snapshot(dir.path()), before);

        const RenameResult result = PostRenamer::rename(path, QStringLiteral("2015-08-21-b.md"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.postsUpdated, dry.postsUpdated);
        QVERIFY(result.postsNotUpdated.isEmpty());
        QByteArray expected = otherBytes;
        expected.replace("post_url 2015-08-21-a %", "post_url 2015-08-21-b %");
        expected.replace("post_url   2015-08-21-a -%", "post_url   2015-08-21-b -%");
        QCOMPARE(TestUtil::readAll(other), expected);
        QCOMPARE(TestUtil::readAll(draft), QByteArray("{% post_url 2015-08-21-b %}"));
        QCOMPARE(TestUtil::readAll(unrelated),
                 QByteArray("---\ntitle: U\n---\npost_url 2015-08-21-a\n"));
    }

    // Jekyll's {% link %} names a post by its path in the site: other posts' links follow the
    // renamed post like post_url does, quoted or not, with or without a baseurl before the tag,
    // and so do the post's own links to itself. Jekyll stops on a link to a missing file.
    void linkTagsFollowTheRenamedPost()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("jekyll")).isEmpty())
            QFAIL("jekyll is not installed (scripts/setup installs it)");
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("site"));
        TestUtil::writeAll(root + QStringLiteral("/_config.yml"),
                           "title: Meetup\nbaseurl: /meetup\ntimezone: UTC\n");
        const QString path = root + QStringLiteral("/_posts/2024-01-10-jan-meetup.md");
        const QByteArray own = "---\ntitle: January meetup\n---\nThis [page]({% link "
                               "_posts/2024-01-10-jan-meetup.md %}), [again]({% post_url "
                               "2024-01-10-jan-meetup %}).\n";
        TestUtil::writeAll(path, own);
        const QString other = root + QStringLiteral("/_posts/2024-02-01-feb.md");
        const QByteArray otherBytes =
            "---\ntitle: Feb\n---\n[jan]({% link _posts/2024-01-10-jan-meetup.md %}) "
            "[base]({{ site.baseurl }}{%- link   _posts/2024-01-10-jan-meetup.md -%})\r\n"
            "[post]({% post_url 2024-01-10-jan-meetup %}) and text "
            "_posts/2024-01-10-jan-meetup.md\n";
        TestUtil::writeAll(other, otherBytes);
        // Drafts are not built: quoted forms and near misses, which Jekyll 4 would not find.
        const QString draft = root + QStringLiteral("/_drafts/d.md");
        const QByteArray draftBytes = "{% link \"_posts/2024-01-10-jan-meetup.md\" %} "
                                      "{%link '_posts/2024-01-10-jan-meetup.md'%} "
                                      "{% link _posts/2024-01-10-jan-meetup.markdown %} "
                                      "{% link _posts/2024-01-10-jan-meetup.md\" %} "
                                      "{% link x/_posts/2024-01-10-jan-meetup.md %}";
        TestUtil::writeAll(draft, draftBytes);
        // A page and an include of the site link the post too; the built site is not touched.
        const QString index = root + QStringLiteral("/index.md");
        TestUtil::writeAll(index, "---\ntitle: Home\n---\n{% include latest.html %}\n");
        const QString include = root + QStringLiteral("/_includes/latest.html");
        TestUtil::writeAll(include,
                           "<a href=\"{% link _posts/2024-01-10-jan-meetup.md %}\">Jan</a>\n");
        const QString stale = root + QStringLiteral("/_site/old.html");
        TestUtil::writeAll(stale, "{% link _posts/2024-01-10-jan-meetup.md %}");
        const QString unrelated = root + QStringLiteral("/_posts/2024-03-01-u.md");
        // Text that only shows the tag: in the front matter, {% raw %} and {% comment %}, where
        // Jekyll runs no Liquid, it stays as its author wrote it.
        const QByteArray unrelatedBytes =
            "---\ntitle: U\nnote: \"{% link _posts/2024-01-10-jan-meetup.md %}\"\n---\n"
            "link _posts/2024-01-10-jan-meetup.md\n"
            "`{% raw %}{% link _posts/2024-01-10-jan-meetup.md %}{% endraw %}`\n"
            "{% comment %}{% post_url 2024-01-10-jan-meetup %}{% endcomment %}\n";
        TestUtil::writeAll(unrelated, unrelatedBytes);

        const NameSuggestion name =
            PostRenamer::suggestedName(path, Post::fromBytes(own), QTimeZone::utc());
        QCOMPARE(name.name, QStringLiteral("2024-01-10-january-meetup.md"));
        const auto before = snapshot(dir.path());
        const RenameResult dry = PostRenamer::rename(path, name.name, PostRenamer::Mode::DryRun);
        QVERIFY2(dry.ok(), qPrintable(dry.error));
        QCOMPARE(dry.postsUpdated, (QStringList{QStringLiteral("_posts/2024-02-01-feb.md"),
                                                QStringLiteral("_drafts/d.md"),
                                                QStringLiteral("_includes/latest.html")}));
        QCOMPARE(snapshot(dir.path()), before);

        const RenameResult result = PostRenamer::rename(path, name.name);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.postsUpdated, dry.postsUpdated);
        QVERIFY(result.postsNotUpdated.isEmpty());
        QByteArray expected = own;
        expected.replace("_posts/2024-01-10-jan-meetup.md %",
                         "_posts/2024-01-10-january-meetup.md %");
        expected.replace("post_url 2024-01-10-jan-meetup", "post_url 2024-01-10-january-meetup");
        QCOMPARE(TestUtil::readAll(result.newPath), expected);
        expected = otherBytes;
        expected.replace("link _posts/2024-01-10-jan-meetup.md %",
                         "link _posts/2024-01-10-january-meetup.md %");
        expected.replace("link   _posts/2024-01-10-jan-meetup.md -%",
                         "link   _posts/2024-01-10-january-meetup.md -%");
        expected.replace("post_url 2024-01-10-jan-meetup %",
                         "post_url 2024-01-10-january-meetup %");
        QCOMPARE(TestUtil::readAll(other), expected);
        QCOMPARE(TestUtil::readAll(draft),
                 QByteArray("{% link \"_posts/2024-01-10-january-meetup.md\" %} "
                            "{%link '_posts/2024-01-10-january-meetup.md'%} "
                            "{% link _posts/2024-01-10-jan-meetup.markdown %} "
                            "{% link _posts/2024-01-10-jan-meetup.md\" %} "
                            "{% link x/_posts/2024-01-10-jan-meetup.md %}"));
        QCOMPARE(TestUtil::readAll(unrelated), unrelatedBytes);
        QCOMPARE(
            TestUtil::readAll(include),
            QByteArray("<a href=\"{% link _posts/2024-01-10-january-meetup.md %}\">Jan</a>\n"));
        QCOMPARE(TestUtil::readAll(stale),
                 QByteArray("{% link _posts/2024-01-10-jan-meetup.md %}"));

        const QString out = dir.filePath(QStringLiteral("_site"));
        const auto build = TestUtil::run(QStringLiteral("jekyll"),
                                         {QStringLiteral("build"), QStringLiteral("--quiet"),
                                          QStringLiteral("-s"), root, QStringLiteral("-d"), out});
        QVERIFY2(build.exitCode == 0, build.err.constData());
        const QByteArray feb = TestUtil::readAll(out + QStringLiteral("/2024/02/01/feb.html"));
        QVERIFY2(feb.contains("href=\"/meetup/2024/01/10/january-meetup.html\">jan</a>"),
                 feb.constData());
        QVERIFY(QFileInfo::exists(out + QStringLiteral("/2024/01/10/january-meetup.html")));
    }

    // A rename whose photo folder stays because another post uses it too leaves two posts
    // linking into a folder named after neither; the site's folder detection then takes that
    // one folder for every post. A later rename of an unrelated post must still move the
    // post's own folder.
    void ownFolderMovesAfterASharedOneStayed()
    {
        QTemporaryDir dir;
        makeSite(dir);
        const QString a = dir.filePath(QStringLiteral("_posts/2024-01-10-a.md"));
        const QString b = dir.filePath(QStringLiteral("_posts/2024-02-10-b.md"));
        const QString c = dir.filePath(QStringLiteral("_posts/2024-04-01-c.md"));
        QVERIFY(TestUtil::writeAll(
            a, "---\ntitle: A Report\n---\n![p](/assets/images/posts/2024-01-10-a/p.jpg)\n"));
        QVERIFY(TestUtil::writeAll(
            b, "---\ntitle: B\n---\n![p](/assets/images/posts/2024-01-10-a/p.jpg)\n"));
        QVERIFY(TestUtil::writeAll(
            c, "---\ntitle: C Meetup\n---\n![p](/assets/images/posts/2024-04-01-c/p.jpg)\n"));
        QVERIFY(TestUtil::writeAll(
            dir.filePath(QStringLiteral("assets/images/posts/2024-01-10-a/p.jpg")), "a"));
        QVERIFY(TestUtil::writeAll(
            dir.filePath(QStringLiteral("assets/images/posts/2024-04-01-c/p.jpg")), "c"));

        auto renameToTitle = [](const QString &path) {
            const Post current = Post::fromBytes(TestUtil::readAll(path));
            const NameSuggestion name = PostRenamer::suggestedName(path, current, QTimeZone::utc());
            return PostRenamer::rename(path, name.name);
        };
        const RenameResult first = renameToTitle(a);
        QVERIFY2(first.ok(), qPrintable(first.error));
        QCOMPARE(first.newPath, dir.filePath(QStringLiteral("_posts/2024-01-10-a-report.md")));
        QCOMPARE(first.photosStay,
                 QStringLiteral("photos stay in assets/images/posts/2024-01-10-a: "
                                "2024-02-10-b.md uses them too"));

        const RenameResult second = renameToTitle(c);
        QVERIFY2(second.ok(), qPrintable(second.error));
        QCOMPARE(second.newPath, dir.filePath(QStringLiteral("_posts/2024-04-01-c-meetup.md")));
        QCOMPARE(second.photosStay, QString());
        QCOMPARE(second.oldPhotoFolder,
                 dir.filePath(QStringLiteral("assets/images/posts/2024-04-01-c")));
        QCOMPARE(second.photoFolder,
                 dir.filePath(QStringLiteral("assets/images/posts/2024-04-01-c-meetup")));
        QCOMPARE(second.linksRewritten, 1);
        QCOMPARE(TestUtil::readAll(second.newPath),
                 QByteArray("---\ntitle: C Meetup\n---\n"
                            "![p](/assets/images/posts/2024-04-01-c-meetup/p.jpg)\n"));
        QCOMPARE(TestUtil::readAll(
                     dir.filePath(QStringLiteral("assets/images/posts/2024-04-01-c-meetup/p.jpg"))),
                 QByteArray("c"));
        QVERIFY(
            !QFileInfo::exists(dir.filePath(QStringLiteral("assets/images/posts/2024-04-01-c"))));
        // The shared folder and the links into it are as they were.
        QCOMPARE(TestUtil::readAll(
                     dir.filePath(QStringLiteral("assets/images/posts/2024-01-10-a/p.jpg"))),
                 QByteArray("a"));
        QVERIFY(TestUtil::readAll(b).contains("(/assets/images/posts/2024-01-10-a/p.jpg)"));
        QVERIFY(
            TestUtil::readAll(first.newPath).contains("(/assets/images/posts/2024-01-10-a/p.jpg)"));

        // A post without a folder of its own keeps its links into the common one.
        const QString d = dir.filePath(QStringLiteral("_posts/2024-05-01-d.md"));
        const QByteArray dBytes =
            "---\ntitle: D Day\n---\n![p](/assets/images/posts/2024-01-10-a/p.jpg)\n";
        QVERIFY(TestUtil::writeAll(d, dBytes));
        const RenameResult third = renameToTitle(d);
        QVERIFY2(third.ok(), qPrintable(third.error));
        QCOMPARE(third.photoFolder, QString());
        QCOMPARE(TestUtil::readAll(third.newPath), dBytes);
        QVERIFY(QFileInfo::exists(
            dir.filePath(QStringLiteral("assets/images/posts/2024-01-10-a/p.jpg"))));
    }

    // A name another post already has is never offered, nor suggested on demand (the rename
    // would stop on it); a numbered name the post already has, as a new post's first save
    // gives it, matches.
    void takenNameIsNotOffered()
    {
        QTemporaryDir dir;
        makeSite(dir);
        const QString c = dir.filePath(QStringLiteral("_posts/2024-01-01-c.md"));
        const QString same = dir.filePath(QStringLiteral("_posts/2024-01-01-same.md"));
        const QByteArray cBytes = "---\ntitle: Same!\n---\nc\n";
        QVERIFY(TestUtil::writeAll(c, cBytes));
        QVERIFY(TestUtil::writeAll(same, "---\ntitle: Same\n---\nsame\n"));

        const NameSuggestion offer =
            PostRenamer::offeredName(c, post("title: Same\n"), post("title: Same!\n"), zone());
        QCOMPARE(offer.name, QString());
        QVERIFY(offer.titleChanged);
        const NameSuggestion suggested =
            PostRenamer::suggestedName(c, post("title: Same!\n"), zone());
        QCOMPARE(suggested.name, QString());
        QVERIFY2(suggested.problem.contains(QLatin1String("2024-01-01-same.md already exists")),
                 qPrintable(suggested.problem));
        // The post that has the name matches it.
        QCOMPARE(PostRenamer::suggestedName(same, post("title: Same\n"), zone()).name,
                 QStringLiteral("2024-01-01-same.md"));
        // A hand-chosen slug kept over a new date is checked the same way.
        QVERIFY(TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2024-01-02-c.md")), "x"));
        QCOMPARE(PostRenamer::offeredName(c, post("title: Same\ndate: 2024-01-01\n"),
                                          post("title: Same\ndate: 2024-01-02\n"), zone())
                     .name,
                 QString());
        QCOMPARE(PostRenamer::offeredName(c, post("title: Same\ndate: 2024-01-01\n"),
                                          post("title: Same\ndate: 2024-01-03\n"), zone())
                     .name,
                 QStringLiteral("2024-01-03-c.md"));

        // Numbered as a new post's first save names it: the name matches.
        const QString numbered = dir.filePath(QStringLiteral("_posts/2024-01-01-same-2.md"));
        QVERIFY(TestUtil::writeAll(numbered, "---\ntitle: Same\n---\n"));
        QCOMPARE(PostRenamer::suggestedName(numbered, post("title: Same\n"), zone()).name,
                 QStringLiteral("2024-01-01-same-2.md"));
        QCOMPARE(PostRenamer::offeredName(numbered, post("title: Other\n"), post("title: Same\n"),
                                          zone())
                     .name,
                 QString());
        // Drafts too.
        const QString draft = dir.filePath(QStringLiteral("_drafts/x.md"));
        QVERIFY(TestUtil::writeAll(draft, "---\ntitle: Same\n---\n"));
        QVERIFY(TestUtil::writeAll(dir.filePath(QStringLiteral("_drafts/same.md")), "y"));
        QCOMPARE(
            PostRenamer::offeredName(draft, post("title: X\n"), post("title: Same\n"), zone()).name,
            QString());

        // The command line picks its name the same way: it refuses, and changes nothing.
        const auto before = snapshot(dir.path());
        auto r = TestUtil::meetdown({QStringLiteral("rename"), c});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("2024-01-01-same.md already exists"), r.err.constData());
        QCOMPARE(snapshot(dir.path()), before);
        r = TestUtil::meetdown({QStringLiteral("rename"), numbered});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("already matches"), r.out.constData());
        QCOMPARE(snapshot(dir.path()), before);
    }

    void offeredName_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("before"); // front matter as opened
        QTest::addColumn<QByteArray>("after");  // front matter as saved
        QTest::addColumn<int>("offset");        // the site's zone, seconds east of UTC
        QTest::addColumn<QString>("expected");  // empty: nothing is offered
        QTest::addColumn<QString>("changed");   // "title", "date", "both" or ""

        const QString oldTitle = QStringLiteral("/site/_posts/2015-08-21-old-title.md");
        const QByteArray opened = "title: Old title\ndate: 2015-08-21 18:30\n";
        const int ist = 5 * 3600 + 1800;
        QTest::newRow("title") << oldTitle << opened
                               << QByteArray("title: New title\ndate: 2015-08-21 18:30\n") << ist
                               << QStringLiteral("2015-08-21-new-title.md")
                               << QStringLiteral("title");
        QTest::newRow("nothing changed, name off anyway")
            << oldTitle << QByteArray("title: New title\n") << QByteArray("title: New title\n")
            << ist << QString() << QString();
        QTest::newRow("changed back")
            << oldTitle << QByteArray("title: New title\n") << QByteArray("title: Old title\n")
            << ist << QString() << QString();
        QTest::newRow("extension kept")
            << QStringLiteral("/s/_posts/2015-08-21-old-title.markdown") << opened
            << QByteArray("title: New\n") << ist << QStringLiteral("2015-08-21-new.markdown")
            << QStringLiteral("title");
        // 20:00 UTC on the 27th is already the 28th in +05:30.
        const QByteArray late = "title: Old title\ndate: 2015-08-27 20:00:00 +0000\n";
        QTest::newRow("date in the site's zone")
            << oldTitle << opened << late << ist << QStringLiteral("2015-08-28-old-title.md")
            << QStringLiteral("date");
        QTest::newRow("date in UTC")
            << oldTitle << opened << late << 0 << QStringLiteral("2015-08-27-old-title.md")
            << QStringLiteral("date");
        QTest::newRow("only the time")
            << oldTitle << opened << QByteArray("title: Old title\ndate: 2015-08-21 21:00\n") << ist
            << QString() << QString();
        QTest::newRow("date added")
            << oldTitle << QByteArray("title: Old title\n") << late << ist
            << QStringLiteral("2015-08-28-old-title.md") << QStringLiteral("date");
        QTest::newRow("title and date")
            << oldTitle << opened << QByteArray("title: New\ndate: 2015-09-01\n") << ist
            << QStringLiteral("2015-09-01-new.md") << QStringLiteral("both");
        // A slug chosen by hand survives a date change; a new title is a new slug all the same.
        const QString handChosen = QStringLiteral("/site/_posts/2015-08-21-august-meetup.md");
        const QByteArray august = "title: August 2015 meetup report\ndate: 2015-08-21\n";
        QTest::newRow("hand-chosen slug, new date")
            << handChosen << august
            << QByteArray("title: August 2015 meetup report\ndate: 2015-08-28\n") << ist
            << QStringLiteral("2015-08-28-august-meetup.md") << QStringLiteral("date");
        QTest::newRow("hand-chosen slug, new title")
            << handChosen << august << QByteArray("title: August talks\ndate: 2015-08-28\n") << ist
            << QStringLiteral("2015-08-28-august-talks.md") << QStringLiteral("both");
        // Never a name without a title or with a date Jekyll cannot read.
        QTest::newRow("title emptied")
            << oldTitle << opened << QByteArray("title: ''\ndate: 2015-08-22\n") << ist << QString()
            << QStringLiteral("both");
        QTest::newRow("unreadable date")
            << oldTitle << opened << QByteArray("title: New\ndate: 2015-13-45\n") << ist
            << QString() << QStringLiteral("both");
        QTest::newRow("title without letters") << oldTitle << opened << QByteArray("title: '!!!'\n")
                                               << ist << QString() << QStringLiteral("title");
        // Drafts have no date in their name.
        const QString draft = QStringLiteral("/site/_drafts/old-title.md");
        QTest::newRow("draft title") << draft << QByteArray("title: Old title\n")
                                     << QByteArray("title: New title\ndate: 2015-08-21\n") << ist
                                     << QStringLiteral("new-title.md") << QStringLiteral("both");
        QTest::newRow("draft date") << draft << QByteArray("title: Old title\n")
                                    << QByteArray("title: Old title\ndate: 2015-08-21\n") << ist
                                    << QString() << QStringLiteral("date");
    }

    void offeredName()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, before);
        QFETCH(QByteArray, after);
        QFETCH(int, offset);
        QFETCH(QString, expected);
        QFETCH(QString, changed);
        const NameSuggestion offer =
            PostRenamer::offeredName(path, post(before), post(after), QTimeZone(offset));
        QCOMPARE(offer.name, expected);
        if (!changed.isEmpty()) {
            QCOMPARE(offer.titleChanged, changed != QLatin1String("date"));
            QCOMPARE(offer.dateChanged, changed != QLatin1String("title"));
        }
        // Offered or not, an offer is always what the post would be named on demand, except
        // for a slug that was kept.
        if (!expected.isEmpty() && changed != QLatin1String("date"))
            QCOMPARE(PostRenamer::suggestedName(path, post(after), QTimeZone(offset)).name,
                     expected);
    }

    void suggestedNameSaysWhyNot()
    {
        const QString path = QStringLiteral("/site/_posts/2015-08-21-talks.md");
        NameSuggestion s = PostRenamer::suggestedName(path, post("title: ''\n"), zone());
        QCOMPARE(s.name, QString());
        QVERIFY2(s.problem.contains(QLatin1String("no title")), qPrintable(s.problem));
        s = PostRenamer::suggestedName(path, post("title: Talks\ndate: 2015-13-45\n"), zone());
        QCOMPARE(s.name, QString());
        QVERIFY2(s.problem.contains(QLatin1String("2015-13-45")), qPrintable(s.problem));
        // Without `date` the name's own day counts.
        QCOMPARE(PostRenamer::suggestedName(path, post("title: Talks\n"), zone()).name,
                 QStringLiteral("2015-08-21-talks.md"));
        // No date anywhere: a post outside _drafts needs one for its name.
        s = PostRenamer::suggestedName(QStringLiteral("/x/notes.md"), post("title: Notes\n"),
                                       zone());
        QCOMPARE(s.name, QString());
        QVERIFY(!s.problem.isEmpty());
    }

    void rewriteLinksOnlyAtLinkStarts()
    {
        const QByteArray text = "![a](/p/old/a.jpg) <img src=\"{{ site.baseurl }}/p/old/b.jpg\">\n"
                                "see /x/p/old/ and [r]: /p/old/c.jpg\n";
        QCOMPARE(PostRenamer::rewriteLinks(text, QStringLiteral("{{ site.baseurl }}/p/old/"),
                                           QStringLiteral("{{ site.baseurl }}/p/new/")),
                 QByteArray("![a](/p/new/a.jpg) <img src=\"{{ site.baseurl }}/p/new/b.jpg\">\n"
                            "see /x/p/old/ and [r]: /p/new/c.jpg\n"));
        QCOMPARE(PostRenamer::rewriteLinks("![a](old/a.jpg) ![b](./old/b.jpg) ![c](x/old/c.jpg)",
                                           QStringLiteral("old/"), QStringLiteral("new/")),
                 QByteArray("![a](new/a.jpg) ![b](./new/b.jpg) ![c](x/old/c.jpg)"));
    }

    void renameMovesPhotosAndRewritesLinksInASiteWithBaseurl()
    {
        QTemporaryDir dir;
        const QString root = makeSite(dir, "title: T\nbaseurl: /meetup\ntimezone: UTC\n");
        const QString oldPath = dir.filePath(QStringLiteral("_posts/2015-08-21-old-title.md"));
        const QString oldFolder =
            dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-old-title"));
        QCOMPARE(PhotoImporter::destinationFor(oldPath).folder, oldFolder);
        QVERIFY(TestUtil::writeAll(oldFolder + QStringLiteral("/talk.jpg"), "jpeg"));
        QVERIFY(TestUtil::writeAll(oldFolder + QStringLiteral("/sub/crowd.png"), "png"));
        const QByteArray before =
            "---\r\ntitle: New title\r\nimage: \"{{ site.baseurl }}/assets/images/posts/"
            "2015-08-21-old-title/talk.jpg\"\r\n---\r\n"
            "![Talk]({{ site.baseurl }}/assets/images/posts/2015-08-21-old-title/talk.jpg)\r\n"
            "<img src=\"/assets/images/posts/2015-08-21-old-title/sub/crowd.png\">\n"
            "Text about 2015-08-21-old-title stays.\r\n";
        QVERIFY(TestUtil::writeAll(oldPath, before));

        const RenameResult result =
            PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-new-title.md"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.newPath, dir.filePath(QStringLiteral("_posts/2015-08-21-new-title.md")));
        const QString newFolder =
            dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-new-title"));
        QCOMPARE(result.oldPhotoFolder, oldFolder);
        QCOMPARE(result.photoFolder, newFolder);
        QCOMPARE(result.linksRewritten, 3);
        QVERIFY(!QFileInfo::exists(oldPath));
        QVERIFY(!QFileInfo::exists(oldFolder));
        QCOMPARE(TestUtil::readAll(newFolder + QStringLiteral("/talk.jpg")), QByteArray("jpeg"));
        QCOMPARE(TestUtil::readAll(newFolder + QStringLiteral("/sub/crowd.png")),
                 QByteArray("png"));
        QByteArray expected = before;
        expected.replace("/assets/images/posts/2015-08-21-old-title/",
                         "/assets/images/posts/2015-08-21-new-title/");
        QCOMPARE(TestUtil::readAll(result.newPath), expected);
        QVERIFY(QFileInfo(root + QStringLiteral("/assets/images/posts")).isDir());
    }

    void renameOutsideASiteKeepsRelativeLinks()
    {
        QTemporaryDir dir;
        const QString oldPath = dir.filePath(QStringLiteral("2015-08-21-old-title.md"));
        const QString oldFolder = PhotoImporter::destinationFor(oldPath).folder;
        QCOMPARE(oldFolder, dir.filePath(QStringLiteral("2015-08-21-old-title")));
        QCOMPARE(PhotoImporter::destinationFor(oldPath).linkPrefix,
                 QStringLiteral("2015-08-21-old-title/"));
        QVERIFY(TestUtil::writeAll(oldFolder + QStringLiteral("/a.jpg"), "a"));
        QVERIFY(TestUtil::writeAll(oldPath, "---\ntitle: New title\n---\n"
                                            "![A](2015-08-21-old-title/a.jpg)\n"
                                            "![A again](./2015-08-21-old-title/a.jpg)\n"));
        const RenameResult result =
            PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-new-title.md"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.photoFolder, dir.filePath(QStringLiteral("2015-08-21-new-title")));
        QCOMPARE(TestUtil::readAll(result.newPath),
                 QByteArray("---\ntitle: New title\n---\n"
                            "![A](2015-08-21-new-title/a.jpg)\n"
                            "![A again](./2015-08-21-new-title/a.jpg)\n"));
        QCOMPARE(TestUtil::readAll(result.photoFolder + QStringLiteral("/a.jpg")), QByteArray("a"));
        QVERIFY(!QFileInfo::exists(oldFolder));
    }

    void draftRenameMovesItsFolder()
    {
        QTemporaryDir dir;
        makeSite(dir);
        const QString oldPath = dir.filePath(QStringLiteral("_drafts/old-title.md"));
        QVERIFY(TestUtil::writeAll(
            dir.filePath(QStringLiteral("assets/images/posts/old-title/x.jpg")), "x"));
        QVERIFY(TestUtil::writeAll(oldPath, "---\ntitle: New title\n---\n"
                                            "![X](/assets/images/posts/old-title/x.jpg)\n"));
        const NameSuggestion name =
            PostRenamer::suggestedName(oldPath, post("title: New title\n"), zone());
        QCOMPARE(name.name, QStringLiteral("new-title.md"));
        const RenameResult result = PostRenamer::rename(oldPath, name.name);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.newPath, dir.filePath(QStringLiteral("_drafts/new-title.md")));
        QCOMPARE(
            TestUtil::readAll(dir.filePath(QStringLiteral("assets/images/posts/new-title/x.jpg"))),
            QByteArray("x"));
        QVERIFY(
            TestUtil::readAll(result.newPath).contains("(/assets/images/posts/new-title/x.jpg)"));
    }

    void noPhotoFolderOnlyTheFileMoves()
    {
        QTemporaryDir dir;
        makeSite(dir);
        const QString oldPath = dir.filePath(QStringLiteral("_posts/2015-08-21-a.md"));
        const QByteArray bytes =
            "---\ntitle: B\n---\n![x](/assets/images/posts/2015-08-21-a/x.jpg)\n";
        QVERIFY(TestUtil::writeAll(oldPath, bytes));
        const RenameResult result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.photoFolder, QString());
        QCOMPARE(TestUtil::readAll(result.newPath), bytes);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("assets"))));
    }

    void refusedWhenTheDestinationExists()
    {
        QTemporaryDir dir;
        const QString oldPath = postWithPhoto(dir);
        QVERIFY(
            TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2015-08-21-b.md")), "other\n"));
        const auto before = snapshot(dir.path());
        const RenameResult result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY(!result.ok());
        QVERIFY(result.newPath.isEmpty());
        QVERIFY2(result.error.contains(QLatin1String("already exists")), qPrintable(result.error));
        QCOMPARE(snapshot(dir.path()), before);
        // Names Jekyll would skip, or that leave the folder, are refused the same way.
        QVERIFY(!PostRenamer::rename(oldPath, QStringLiteral("_x.md")).ok());
        QVERIFY(!PostRenamer::rename(oldPath, QStringLiteral("../x.md")).ok());
        QVERIFY(!PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-a.md")).ok());
        QCOMPARE(snapshot(dir.path()), before);
    }

    void photoFolderCollision()
    {
        QTemporaryDir dir;
        const QString oldPath = postWithPhoto(dir);
        QVERIFY(TestUtil::writeAll(
            dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-b/x.jpg")), "other"));
        const auto before = snapshot(dir.path());
        RenameResult result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(QLatin1String("2015-08-21-b")), qPrintable(result.error));
        QCOMPARE(snapshot(dir.path()), before);

        // The same files already there: nothing is lost, so the rename goes ahead.
        QVERIFY(TestUtil::writeAll(
            dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-b/x.jpg")), "x"));
        result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(
            !QFileInfo::exists(dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-a"))));
        QVERIFY(TestUtil::readAll(result.newPath)
                    .contains("(/assets/images/posts/2015-08-21-b/x.jpg)"));
    }

    void photoFolderReachedThroughALinkIsNeverDeleted()
    {
        // The new folder's name is a symbolic link to the old folder: "the same files" are
        // the only copy, and the old removal took them with it.
        QTemporaryDir dir;
        const QString oldPath = postWithPhoto(dir);
        const QString oldFolder = dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-a"));
        QVERIFY(QFile::link(oldFolder,
                            dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-b"))));
        auto before = snapshot(dir.path());
        RenameResult result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY(!result.ok());
        QVERIFY2(result.error.contains(QLatin1String("symbolic link")), qPrintable(result.error));
        QCOMPARE(TestUtil::readAll(oldFolder + QStringLiteral("/x.jpg")), QByteArray("x"));
        QCOMPARE(snapshot(dir.path()), before);

        // A link part way down, with the post's name in the middle of the folder pattern.
        QTemporaryDir other;
        makeSite(other, "title: T\nmeetdown:\n  image_folder: \"assets/:post/img\"\n");
        const QString post = other.filePath(QStringLiteral("_posts/2015-08-21-a.md"));
        QVERIFY(
            TestUtil::writeAll(post, "---\ntitle: B\n---\n![x](/assets/2015-08-21-a/img/x.jpg)\n"));
        QVERIFY(TestUtil::writeAll(other.filePath(QStringLiteral("assets/2015-08-21-a/img/x.jpg")),
                                   "x"));
        QVERIFY(QFile::link(other.filePath(QStringLiteral("assets/2015-08-21-a")),
                            other.filePath(QStringLiteral("assets/2015-08-21-b"))));
        before = snapshot(other.path());
        result = PostRenamer::rename(post, QStringLiteral("2015-08-21-b.md"));
        QVERIFY(!result.ok());
        QCOMPARE(TestUtil::readAll(other.filePath(QStringLiteral("assets/2015-08-21-a/img/x.jpg"))),
                 QByteArray("x"));
        QCOMPARE(snapshot(other.path()), before);
    }

    void identicalCopyGoesFileByFile()
    {
        // A separate copy with the same files: the old one goes, but only what is verifiably
        // duplicated; a link inside the old folder makes the folders incomparable.
        QTemporaryDir dir;
        const QString oldPath = postWithPhoto(dir);
        const QString oldFolder = dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-a"));
        const QString newFolder = dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-b"));
        QVERIFY(TestUtil::writeAll(newFolder + QStringLiteral("/x.jpg"), "x"));
        QVERIFY(QFile::link(newFolder + QStringLiteral("/x.jpg"),
                            oldFolder + QStringLiteral("/y.jpg")));
        QVERIFY(QFile::link(newFolder + QStringLiteral("/x.jpg"),
                            newFolder + QStringLiteral("/y.jpg")));
        const auto before = snapshot(dir.path());
        RenameResult result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY(!result.ok());
        QCOMPARE(snapshot(dir.path()), before);

        QVERIFY(QFile::remove(oldFolder + QStringLiteral("/y.jpg")));
        QVERIFY(QFile::remove(newFolder + QStringLiteral("/y.jpg")));
        QVERIFY(TestUtil::writeAll(oldFolder + QStringLiteral("/sub/z.jpg"), "z"));
        QVERIFY(TestUtil::writeAll(newFolder + QStringLiteral("/sub/z.jpg"), "z"));
        result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QVERIFY(!QFileInfo::exists(oldFolder));
        QCOMPARE(TestUtil::readAll(newFolder + QStringLiteral("/x.jpg")), QByteArray("x"));
        QCOMPARE(TestUtil::readAll(newFolder + QStringLiteral("/sub/z.jpg")), QByteArray("z"));
    }

    void relativeLinksOnlyWhereALinkGoes()
    {
        // Outside a site the prefix is the post's name, "talks/": also a word of prose.
        const QByteArray text = "---\ntitle: Talks\nimage: talks/a.jpg\ngallery:\n  - talks/b.jpg\n"
                                "---\n"
                                "![a](talks/a.jpg \"talks/a\") ![b](<talks/b c.jpg>) "
                                "![c]( ./talks/c.jpg)\n"
                                "<img src=\"talks/d.jpg\"> <a HREF='talks/e.jpg'>e</a>\n"
                                "[f]: talks/f.jpg\n"
                                "We had lightning talks and (talks/demos) later, also "
                                "\"talks/q&a\".\n"
                                "Note: talks/ and talks/x = talks/y\n";
        const QByteArray expected = "---\ntitle: Talks\nimage: new/a.jpg\ngallery:\n  - new/b.jpg\n"
                                    "---\n"
                                    "![a](new/a.jpg \"talks/a\") ![b](<new/b c.jpg>) "
                                    "![c]( ./new/c.jpg)\n"
                                    "<img src=\"new/d.jpg\"> <a HREF='new/e.jpg'>e</a>\n"
                                    "[f]: new/f.jpg\n"
                                    "We had lightning talks and (talks/demos) later, also "
                                    "\"talks/q&a\".\n"
                                    "Note: talks/ and talks/x = talks/y\n";
        QCOMPARE(PostRenamer::rewriteLinks(text, QStringLiteral("talks/"), QStringLiteral("new/")),
                 expected);

        // The reviewer's post, renamed for real: one link, no prose.
        QTemporaryDir dir;
        const QString oldPath = dir.filePath(QStringLiteral("talks.md"));
        QVERIFY(TestUtil::writeAll(oldPath, "---\ntitle: August meetup\ndate: 2015-08-22\n---\n"
                                            "![a](talks/a.jpg)\n\nWe had lightning talks and "
                                            "(talks/demos) later, also \"talks/q&a\".\n"));
        QVERIFY(TestUtil::writeAll(dir.filePath(QStringLiteral("talks/a.jpg")), "x"));
        const RenameResult result =
            PostRenamer::rename(oldPath, QStringLiteral("2015-08-22-august-meetup.md"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.linksRewritten, 1);
        QCOMPARE(TestUtil::readAll(result.newPath),
                 QByteArray("---\ntitle: August meetup\ndate: 2015-08-22\n---\n"
                            "![a](2015-08-22-august-meetup/a.jpg)\n\nWe had lightning talks and "
                            "(talks/demos) later, also \"talks/q&a\".\n"));
        QCOMPARE(TestUtil::readAll(dir.filePath(QStringLiteral("2015-08-22-august-meetup/a.jpg"))),
                 QByteArray("x"));
    }

    void sharedPhotoFolderStays()
    {
        // `:slug` gives the 2014 and the 2015 "meetup" one folder: moving it for one post
        // breaks the other's photos.
        QTemporaryDir dir;
        makeSite(dir, "title: x\nmeetdown: { image_folder: \"assets/photos/:slug\" }\n");
        const QByteArray older = "---\ntitle: Meetup\n---\n![a](/assets/photos/meetup/2014.jpg)\n";
        const QByteArray newer =
            "---\ntitle: August meetup\n---\n![a](/assets/photos/meetup/2015.jpg)\n";
        QVERIFY(
            TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2014-08-23-meetup.md")), older));
        const QString oldPath = dir.filePath(QStringLiteral("_posts/2015-08-22-meetup.md"));
        QVERIFY(TestUtil::writeAll(oldPath, newer));
        QVERIFY(
            TestUtil::writeAll(dir.filePath(QStringLiteral("assets/photos/meetup/2014.jpg")), "x"));
        QVERIFY(
            TestUtil::writeAll(dir.filePath(QStringLiteral("assets/photos/meetup/2015.jpg")), "y"));
        const auto photos = snapshot(dir.filePath(QStringLiteral("assets")));

        const RenameResult dry = PostRenamer::rename(
            oldPath, QStringLiteral("2015-08-22-august-meetup.md"), PostRenamer::Mode::DryRun);
        QVERIFY2(dry.ok(), qPrintable(dry.error));
        QCOMPARE(dry.photoFolder, QString());
        QCOMPARE(dry.photosStay,
                 QStringLiteral("photos stay in assets/photos/meetup: 2014-08-23-meetup.md uses "
                                "them too"));

        const RenameResult result =
            PostRenamer::rename(oldPath, QStringLiteral("2015-08-22-august-meetup.md"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.newPath,
                 dir.filePath(QStringLiteral("_posts/2015-08-22-august-meetup.md")));
        QCOMPARE(result.photoFolder, QString());
        QCOMPARE(result.linksRewritten, 0);
        QCOMPARE(result.photosStay, dry.photosStay);
        QCOMPARE(TestUtil::readAll(result.newPath), newer);
        QCOMPARE(TestUtil::readAll(dir.filePath(QStringLiteral("_posts/2014-08-23-meetup.md"))),
                 older);
        QCOMPARE(snapshot(dir.filePath(QStringLiteral("assets"))), photos);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("assets/photos/august-meetup"))));

        // Another post's link into the folder counts as much as the folder rule.
        QTemporaryDir linked;
        const QString post = postWithPhoto(linked);
        QVERIFY(TestUtil::writeAll(
            linked.filePath(QStringLiteral("_drafts/recap.md")),
            "---\ntitle: Recap\n---\n"
            "![x]({{ site.baseurl }}/assets/images/posts/2015-08-21-a/x.jpg)\n"));
        const RenameResult kept = PostRenamer::rename(post, QStringLiteral("2015-08-21-b.md"));
        QVERIFY2(kept.ok(), qPrintable(kept.error));
        QCOMPARE(kept.photosStay, QStringLiteral("photos stay in assets/images/posts/2015-08-21-a: "
                                                 "recap.md uses them too"));
        QVERIFY(
            TestUtil::readAll(kept.newPath).contains("(/assets/images/posts/2015-08-21-a/x.jpg)"));
        QVERIFY(QFileInfo::exists(
            linked.filePath(QStringLiteral("assets/images/posts/2015-08-21-a/x.jpg"))));
    }

    void readOnlyFolderRollsBack()
    {
        QTemporaryDir dir;
        const QString oldPath = postWithPhoto(dir);
        const QString photos = dir.filePath(QStringLiteral("assets/images/posts"));
        const auto before = snapshot(dir.path());
        QVERIFY(QFile::setPermissions(photos, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const auto restore = qScopeGuard([&] {
            QFile::setPermissions(photos, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                              QFileDevice::ExeOwner);
        });
        QFile probe(photos + QStringLiteral("/probe"));
        if (probe.open(QIODevice::WriteOnly)) {
            probe.remove();
            QSKIP(
                "permissions do not stop this user (root); blockedPhotoFolderRollsBack covers it");
        }
        // The post moves in _posts first; the photo folder cannot: the post goes back.
        const RenameResult result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY(!result.ok());
        QCOMPARE(snapshot(dir.path()), before);
    }

    void blockedPhotoFolderRollsBack()
    {
        QTemporaryDir dir;
        makeSite(dir, "title: T\nmeetdown:\n  image_folder: \"assets/:post/img\"\n");
        const QString oldPath = dir.filePath(QStringLiteral("_posts/2015-08-21-a.md"));
        const QByteArray bytes = "---\ntitle: B\n---\n![x](/assets/2015-08-21-a/img/x.jpg)\n";
        QVERIFY(TestUtil::writeAll(oldPath, bytes));
        QVERIFY(
            TestUtil::writeAll(dir.filePath(QStringLiteral("assets/2015-08-21-a/img/x.jpg")), "x"));
        QCOMPARE(
            PhotoImporter::destinationFor(dir.filePath(QStringLiteral("_posts/2015-08-21-b.md")))
                .folder,
            dir.filePath(QStringLiteral("assets/2015-08-21-b/img")));
        // A file where the new folder's parent must go: the post has already moved and been
        // patched when the photo folder fails, so all of it must come back.
        QVERIFY(
            TestUtil::writeAll(dir.filePath(QStringLiteral("assets/2015-08-21-b")), "in the way"));
        const auto before = snapshot(dir.path());
        const RenameResult result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY(!result.ok());
        QVERIFY(result.newPath.isEmpty());
        QCOMPARE(snapshot(dir.path()), before);
        QCOMPARE(TestUtil::readAll(oldPath), bytes);

        // Out of the way, the same rename works and leaves no empty folder behind.
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("assets/2015-08-21-b"))));
        const RenameResult done = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"));
        QVERIFY2(done.ok(), qPrintable(done.error));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("assets/2015-08-21-a"))));
        QVERIFY(TestUtil::readAll(done.newPath).contains("(/assets/2015-08-21-b/img/x.jpg)"));
    }

    void dryRunChangesNothing()
    {
        QTemporaryDir dir;
        const QString oldPath = postWithPhoto(dir);
        const auto before = snapshot(dir.path());
        const RenameResult result = PostRenamer::rename(oldPath, QStringLiteral("2015-08-21-b.md"),
                                                        PostRenamer::Mode::DryRun);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.newPath, dir.filePath(QStringLiteral("_posts/2015-08-21-b.md")));
        QCOMPARE(result.photoFolder,
                 dir.filePath(QStringLiteral("assets/images/posts/2015-08-21-b")));
        QCOMPARE(result.linksRewritten, 1);
        QCOMPARE(snapshot(dir.path()), before);
    }

    void jekyllBuildResolvesTheRenamedPostsImages()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("jekyll")).isEmpty())
            QFAIL("jekyll is not installed (scripts/setup installs it)");
        QTemporaryDir dir;
        const QString root = dir.filePath(QStringLiteral("site"));
        TestUtil::writeAll(root + QStringLiteral("/_config.yml"),
                           "title: Meetup\nbaseurl: /meetup\ntimezone: UTC\n");
        const QString oldPath = root + QStringLiteral("/_posts/2015-08-21-old-title.md");
        TestUtil::writeAll(
            oldPath,
            "---\ntitle: New title\ndate: 2015-08-21 18:00:00 +0000\n---\n"
            "![Talk]({{ site.baseurl }}/assets/images/posts/2015-08-21-old-title/talk.png)\n");
        QImage image(40, 30, QImage::Format_RGB32);
        image.fill(Qt::darkCyan);
        QVERIFY(QDir().mkpath(root + QStringLiteral("/assets/images/posts/2015-08-21-old-title")));
        QVERIFY(image.save(root +
                           QStringLiteral("/assets/images/posts/2015-08-21-old-title/talk.png")));

        const Post current = Post::fromBytes(TestUtil::readAll(oldPath));
        const NameSuggestion name = PostRenamer::suggestedName(oldPath, current, QTimeZone::utc());
        QCOMPARE(name.name, QStringLiteral("2015-08-21-new-title.md"));
        const RenameResult result = PostRenamer::rename(oldPath, name.name);
        QVERIFY2(result.ok(), qPrintable(result.error));

        const QString out = dir.filePath(QStringLiteral("_site"));
        const auto build = TestUtil::run(QStringLiteral("jekyll"),
                                         {QStringLiteral("build"), QStringLiteral("--quiet"),
                                          QStringLiteral("-s"), root, QStringLiteral("-d"), out});
        QVERIFY2(build.exitCode == 0, build.err.constData());
        const QString page = out + QStringLiteral("/2015/08/21/new-title.html");
        QVERIFY2(QFileInfo::exists(page), "the post is published under its new slug");
        static const QRegularExpression img(QStringLiteral("<img [^>]*src=\"([^\"]+)\""));
        const auto match = img.match(QString::fromUtf8(TestUtil::readAll(page)));
        QVERIFY(match.hasMatch());
        const QString src = match.captured(1);
        QCOMPARE(src, QStringLiteral("/meetup/assets/images/posts/2015-08-21-new-title/talk.png"));
        const QString file = out + src.mid(QStringLiteral("/meetup").size());
        QVERIFY2(QFileInfo::exists(file), qPrintable(src));
        QCOMPARE(TestUtil::readAll(file),
                 TestUtil::readAll(result.photoFolder + QStringLiteral("/talk.png")));
    }
};

QTEST_GUILESS_MAIN(TestPostRenamer)
#include "tst_postrenamer.moc"
