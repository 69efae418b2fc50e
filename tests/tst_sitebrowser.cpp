// The site sidebar, offscreen: posts newest first with their titles, drafts apart, the filter,
// files that appear on disk, and the activation signal.

#include "testutil.h"

#include <editor/sitebrowser.h>

#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

using namespace Meetdown;

namespace {

QStringList titles(const QList<SiteEntry> &entries)
{
    QStringList out;
    for (const SiteEntry &e : entries)
        out.append(e.title);
    return out;
}

} // namespace

class TestSiteBrowser : public QObject
{
    Q_OBJECT

private:
    QString makeSite(QTemporaryDir &dir)
    {
        TestUtil::writeAll(dir.filePath(QStringLiteral("_config.yml")),
                           "title: Test\ntimezone: UTC\n");
        TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2023-01-10-january.md")),
                           "---\ntitle: January report\n---\n");
        // The front-matter date wins over the file name's.
        TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2023-01-01-march.md")),
                           "---\ntitle: March report\ndate: 2023-03-05 19:00:00\n---\n");
        TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2023/2023-02-01-february.md")),
                           "---\ntitle: February report\n---\n");
        TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2022-12-01-untitled.md")),
                           "no front matter\n");
        TestUtil::writeAll(dir.filePath(QStringLiteral("_drafts/next-one.md")),
                           "---\ntitle: Next one\n---\n");
        return dir.path();
    }

    static bool waitForScan(SiteBrowser &browser)
    {
        QSignalSpy spy(&browser, &SiteBrowser::scanned);
        return spy.wait(5000);
    }

private slots:
    void listsPostsNewestFirstThenDrafts()
    {
        QTemporaryDir dir;
        makeSite(dir);
        SiteBrowser browser;
        QSignalSpy spy(&browser, &SiteBrowser::scanned);
        browser.setSite(Site::load(dir.path()));
        QVERIFY(spy.wait(5000));
        const QList<SiteEntry> entries = browser.visibleEntries();
        QCOMPARE(
            titles(entries),
            (QStringList{QStringLiteral("March report"), QStringLiteral("February report"),
                         QStringLiteral("January report"), QStringLiteral("2022-12-01-untitled.md"),
                         QStringLiteral("Next one")}));
        QVERIFY(!entries.at(0).draft);
        QVERIFY(entries.at(4).draft);
        auto *tree = browser.findChild<QTreeWidget *>(QStringLiteral("siteTree"));
        QVERIFY(tree);
        QCOMPARE(tree->topLevelItem(0)->childCount(), 4);
        QCOMPARE(tree->topLevelItem(1)->childCount(), 1);
        QCOMPARE(tree->topLevelItem(1)->child(0)->text(0), QStringLiteral("Next one"));
        // A title cut off by the narrow column is whole in the tooltip, with its file.
        QCOMPARE(tree->topLevelItem(0)->child(1)->toolTip(0),
                 QStringLiteral("February report\n_posts/2023/2023-02-01-february.md"));
    }

    void filterMatchesTitleOrFileName()
    {
        QTemporaryDir dir;
        makeSite(dir);
        SiteBrowser browser;
        QSignalSpy spy(&browser, &SiteBrowser::scanned);
        browser.setSite(Site::load(dir.path()));
        QVERIFY(spy.wait(5000));
        browser.findChild<QLineEdit *>(QStringLiteral("siteFilter"))
            ->setText(QStringLiteral("FEB"));
        QCOMPARE(titles(browser.visibleEntries()), QStringList{QStringLiteral("February report")});
        // "january" is in the file name; "01-10" only there.
        browser.setFilter(QStringLiteral("01-10"));
        QCOMPARE(titles(browser.visibleEntries()), QStringList{QStringLiteral("January report")});
        browser.setFilter(QString());
        QCOMPARE(browser.visibleEntries().size(), 5);
    }

    void followsNewFilesOnDisk()
    {
        QTemporaryDir dir;
        makeSite(dir);
        SiteBrowser browser;
        QSignalSpy spy(&browser, &SiteBrowser::scanned);
        browser.setSite(Site::load(dir.path()));
        QVERIFY(spy.wait(5000));
        QVERIFY(TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2024-06-01-june.md")),
                                   "---\ntitle: June report\n---\n"));
        QTRY_COMPARE_WITH_TIMEOUT(browser.visibleEntries().value(0).title,
                                  QStringLiteral("June report"), 5000);
        // In a subfolder that existed at the scan, and a draft removed.
        QVERIFY(TestUtil::writeAll(dir.filePath(QStringLiteral("_posts/2023/2024-07-01-july.md")),
                                   "---\ntitle: July report\n---\n"));
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("_drafts/next-one.md"))));
        QTRY_COMPARE_WITH_TIMEOUT(browser.visibleEntries().value(0).title,
                                  QStringLiteral("July report"), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            !titles(browser.visibleEntries()).contains(QStringLiteral("Next one")), 5000);
    }

    void clickEmitsPostActivated()
    {
        QTemporaryDir dir;
        makeSite(dir);
        SiteBrowser browser;
        browser.resize(400, 400);
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QSignalSpy scanned(&browser, &SiteBrowser::scanned);
        browser.setSite(Site::load(dir.path()));
        QVERIFY(scanned.wait(5000));
        QSignalSpy activated(&browser, &SiteBrowser::postActivated);
        auto *tree = browser.findChild<QTreeWidget *>(QStringLiteral("siteTree"));
        QTreeWidgetItem *february = tree->topLevelItem(0)->child(1);
        QCOMPARE(february->text(0), QStringLiteral("February report"));
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                          tree->visualItemRect(february).center());
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toString(),
                 dir.filePath(QStringLiteral("_posts/2023/2023-02-01-february.md")));
        // A group heading is not a post.
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {},
                          tree->visualItemRect(tree->topLevelItem(0)).center());
        QCOMPARE(activated.size(), 1);
    }
};

QTEST_MAIN(TestSiteBrowser)
#include "tst_sitebrowser.moc"
