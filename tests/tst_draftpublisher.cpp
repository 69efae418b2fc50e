// Publishing a draft: the file moves to _posts with a dated name, only its date line changes,
// nothing is overwritten, and the photo folder moves with its links.

#include "testutil.h"

#include <editor/draftpublisher.h>
#include <editor/photoimporter.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace Meetdown;

class TestDraftPublisher : public QObject
{
    Q_OBJECT

private:
    QTimeZone zone() const { return QTimeZone(5 * 3600 + 1800); }
    QDateTime now() const { return QDateTime(QDate(2024, 5, 1), QTime(18, 30), zone()); }

    // A site whose photos go to assets/images/posts/:post (the default).
    QString makeSite(QTemporaryDir &dir)
    {
        TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")), "title: Test\n");
        QDir(dir.path()).mkpath(QStringLiteral("_posts"));
        return dir.path();
    }

private slots:
    void movesAndSetsOnlyTheDateLine()
    {
        QTemporaryDir dir;
        const QString root = makeSite(dir);
        const QByteArray draft =
            "---\n# keep me\ntitle:  'May meetup'\ndate: 2020-01-01\ntags: [a, b]\n---\r\nBody\r\n";
        const QString draftPath = dir.filePath(QStringLiteral("_drafts/may-meetup.md"));
        QVERIFY(TestUtil::writeAll(draftPath, draft));

        const PublishResult result = DraftPublisher::publish(draftPath, root, now(), zone());
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.newPath, dir.filePath(QStringLiteral("_posts/2024-05-01-may-meetup.md")));
        QVERIFY(!QFileInfo::exists(draftPath));
        const QByteArray after = TestUtil::readAll(result.newPath);
        QCOMPARE(TestUtil::changedLineCount(draft, after), 1);
        const TestUtil::Change change = TestUtil::changeBetween(draft, after);
        QCOMPARE(change.added, QList<QByteArray>{"date: 2024-05-01 18:30:00 +0530\n"});
    }

    void dateAddedWhenMissingAndDayInSiteZone()
    {
        QTemporaryDir dir;
        const QString root = makeSite(dir);
        const QString draftPath = dir.filePath(QStringLiteral("_drafts/late.markdown"));
        QVERIFY(TestUtil::writeAll(draftPath, "---\ntitle: Late\n---\nBody\n"));
        // 20:00 UTC on April 30 is already May 1 in +05:30.
        const QDateTime utc(QDate(2024, 4, 30), QTime(20, 0), QTimeZone::utc());
        const PublishResult result = DraftPublisher::publish(draftPath, root, utc, zone());
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(QFileInfo(result.newPath).fileName(), QStringLiteral("2024-05-01-late.markdown"));
        QVERIFY(TestUtil::readAll(result.newPath).contains("date: 2024-05-01 01:30:00 +0530"));
    }

    void refusesToOverwrite()
    {
        QTemporaryDir dir;
        const QString root = makeSite(dir);
        const QString draftPath = dir.filePath(QStringLiteral("_drafts/may-meetup.md"));
        const QString existing = dir.filePath(QStringLiteral("_posts/2024-05-01-may-meetup.md"));
        QVERIFY(TestUtil::writeAll(draftPath, "---\ntitle: Draft\n---\n"));
        QVERIFY(TestUtil::writeAll(existing, "already here\n"));
        const PublishResult result = DraftPublisher::publish(draftPath, root, now(), zone());
        QVERIFY(!result.ok());
        QVERIFY(result.newPath.isEmpty());
        QCOMPARE(TestUtil::readAll(existing), QByteArray("already here\n"));
        QCOMPARE(TestUtil::readAll(draftPath), QByteArray("---\ntitle: Draft\n---\n"));
    }

    void refusesAFileOutsideDrafts()
    {
        QTemporaryDir dir;
        const QString root = makeSite(dir);
        const QString path = dir.filePath(QStringLiteral("_posts/2020-01-01-x.md"));
        QVERIFY(TestUtil::writeAll(path, "---\ntitle: X\n---\n"));
        QVERIFY(!DraftPublisher::publish(path, root, now(), zone()).ok());
        QVERIFY(QFileInfo::exists(path));
    }

    void movesPhotosAndRewritesLinks()
    {
        QTemporaryDir dir;
        const QString root = makeSite(dir);
        const QString draftPath = dir.filePath(QStringLiteral("_drafts/may-meetup.md"));
        const QString oldFolder = PhotoImporter::destinationFor(draftPath).folder;
        QCOMPARE(oldFolder, dir.filePath(QStringLiteral("assets/images/posts/may-meetup")));
        QVERIFY(TestUtil::writeAll(oldFolder + QStringLiteral("/talk.jpg"), "jpeg bytes"));
        const QByteArray draft =
            "---\ntitle: May\n---\n"
            "![Talk](/assets/images/posts/may-meetup/talk.jpg)\n"
            "<img src=\"{{ site.baseurl }}/assets/images/posts/may-meetup/talk.jpg\">\n"
            "Mentions /other/assets/images/posts/may-meetup/ in passing.\n";
        QVERIFY(TestUtil::writeAll(draftPath, draft));

        const PublishResult result = DraftPublisher::publish(draftPath, root, now(), zone());
        QVERIFY2(result.ok(), qPrintable(result.error));
        const QString newFolder =
            dir.filePath(QStringLiteral("assets/images/posts/2024-05-01-may-meetup"));
        QCOMPARE(result.photoFolder, newFolder);
        QVERIFY(!QFileInfo::exists(oldFolder));
        QCOMPARE(TestUtil::readAll(newFolder + QStringLiteral("/talk.jpg")),
                 QByteArray("jpeg bytes"));
        const QByteArray after = TestUtil::readAll(result.newPath);
        QVERIFY(after.contains("![Talk](/assets/images/posts/2024-05-01-may-meetup/talk.jpg)\n"));
        QVERIFY(after.contains(
            "src=\"{{ site.baseurl }}/assets/images/posts/2024-05-01-may-meetup/talk.jpg\""));
        // Not a link into the folder: left alone.
        QVERIFY(after.contains("Mentions /other/assets/images/posts/may-meetup/ in passing.\n"));
        // Date line added, two link lines changed, nothing else.
        QCOMPARE(after,
                 QByteArray("---\ntitle: May\ndate: 2024-05-01 18:30:00 +0530\n---\n"
                            "![Talk](/assets/images/posts/2024-05-01-may-meetup/talk.jpg)\n"
                            "<img src=\"{{ site.baseurl "
                            "}}/assets/images/posts/2024-05-01-may-meetup/talk.jpg\">\n"
                            "Mentions /other/assets/images/posts/may-meetup/ in passing.\n"));
    }

    void refusesWhenThePhotoFolderExists()
    {
        QTemporaryDir dir;
        const QString root = makeSite(dir);
        const QString draftPath = dir.filePath(QStringLiteral("_drafts/may-meetup.md"));
        QVERIFY(TestUtil::writeAll(draftPath, "---\ntitle: May\n---\n"));
        QVERIFY(TestUtil::writeAll(
            dir.filePath(QStringLiteral("assets/images/posts/may-meetup/a.jpg")), "a"));
        QVERIFY(TestUtil::writeAll(
            dir.filePath(QStringLiteral("assets/images/posts/2024-05-01-may-meetup/b.jpg")), "b"));
        QVERIFY(!DraftPublisher::publish(draftPath, root, now(), zone()).ok());
        QVERIFY(QFileInfo::exists(draftPath));
        QVERIFY(
            !QFileInfo::exists(dir.filePath(QStringLiteral("_posts/2024-05-01-may-meetup.md"))));
    }
};

QTEST_GUILESS_MAIN(TestDraftPublisher)
#include "tst_draftpublisher.moc"
