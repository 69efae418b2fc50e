// The site workspace driven through the window, as an organizer uses it: a report made from the
// template with File > New Meetup Report, photos dropped on the pane, File > Export to Site…, and
// the site built by the real Jekyll; the site sidebar; New Draft and Publish Draft.

#include "guiutil.h"
#include "testutil.h"

#include <app/mainwindow.h>
#include <editor/document.h>
#include <editor/frontmatterform.h>
#include <editor/jekyllrules.h>
#include <editor/markdowneditor.h>
#include <editor/post.h>
#include <editor/site.h>
#include <editor/sitebrowser.h>
#include <preview/previewview.h>

#include <QApplication>
#include <QDockWidget>
#include <QImage>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

using namespace Meetdown;

namespace {

QList<MainWindow *> mainWindows()
{
    QList<MainWindow *> out;
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *window = qobject_cast<MainWindow *>(w); window && window->isVisible())
            out.append(window);
    }
    return out;
}

// Triggers action and returns the main window it opened.
MainWindow *windowOpenedBy(QAction *action)
{
    const QList<MainWindow *> before = mainWindows();
    action->trigger();
    for (MainWindow *window : mainWindows()) {
        if (!before.contains(window))
            return window;
    }
    return nullptr;
}

void closeAll()
{
    for (MainWindow *window : mainWindows()) {
        window->setAttribute(Qt::WA_DeleteOnClose, false);
        window->hide();
        delete window;
    }
}

// The editor block whose text is text, or an invalid block.
QTextBlock blockWithText(MarkdownEditor *editor, const QString &text)
{
    for (QTextBlock b = editor->document()->begin(); b.isValid(); b = b.next()) {
        if (b.text() == text)
            return b;
    }
    return {};
}

void typeInto(QLineEdit *line, const QString &text)
{
    line->setFocus();
    line->selectAll();
    QTest::keyClick(line, Qt::Key_Backspace);
    QTest::keyClicks(line, text);
    QTest::keyClick(line, Qt::Key_Tab);
}

// A window on the site at root with a new report whose title was typed into the form, or null.
MainWindow *newReportTitled(const QString &root, const QString &text)
{
    auto *window = new MainWindow;
    window->show();
    auto *title = window->form()->findChild<QLineEdit *>(QStringLiteral("field_title"));
    if (!window->openSite(root).isEmpty() || !title)
        return nullptr;
    typeInto(title, text);
    const bool typed = QTest::qWaitFor([&] {
        return window->document()->frontMatter().value(QStringLiteral("title")).toString() == text;
    });
    return typed ? window : nullptr;
}

QStringList imageSources(const QString &html)
{
    static const QRegularExpression img(QStringLiteral("<img\\b[^>]*\\bsrc=\"([^\"]+)\""));
    QStringList out;
    for (auto it = img.globalMatch(html); it.hasNext();)
        out.append(QUrl::fromPercentEncoding(it.next().captured(1).toUtf8()));
    return out;
}

} // namespace

class TestWorkspace final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup() { closeAll(); }
    void reportThroughTheWindowIsPublishedByJekyll();
    void sidebarListsAndOpensPosts();
    void openSiteFromAnyFolderInIt();
    void newReportFollowsTheSite();
    void schemaMistakesAreShown();
    void firstSaveIsNamedFromTheTitle();
    void newDraftThenPublish();
    void cancelledFirstDraftLeavesNoDraftsFolder();
    void saveNeverReplacesAnotherPost();

private:
    QTemporaryDir m_tmp;
};

void TestWorkspace::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    qputenv("MEETDOWN_JOURNAL_DIR", m_tmp.filePath(QStringLiteral("journal")).toUtf8());
    QSettings settings;
    settings.clear();
    settings.setValue(QStringLiteral("author"), QStringLiteral("Asha Rao"));
    settings.setValue(QStringLiteral("photos/askAltText"), false);
}

// The acceptance test, through the window: a corpus site in a temporary folder; a report
// from the template (File > New Meetup Report) saved outside the site; two photos dropped on the
// pane; File > Export to Site…; `jekyll build`. The page is at the URL Meetdown computed, shows
// the title, and its images are the dropped photos' files in _site.
void TestWorkspace::reportThroughTheWindowIsPublishedByJekyll()
{
    const QString root = TestUtil::buildableCorpusSite(
        QStringLiteral("bangpypers"), m_tmp.filePath(QStringLiteral("accept/site")));
    const QString camera = m_tmp.filePath(QStringLiteral("accept/camera"));
    QDir().mkpath(camera);
    QImage talk(2400, 1600, QImage::Format_RGB32);
    talk.fill(QColor(30, 90, 160));
    QVERIFY(talk.save(camera + QStringLiteral("/Talk One.JPG"), "JPEG"));
    QImage group(640, 480, QImage::Format_RGB32);
    group.fill(QColor(160, 60, 30));
    QVERIFY(group.save(camera + QStringLiteral("/Group Photo.png"), "PNG"));

    auto *start = new MainWindow;
    start->show();
    QAction *newReport = GuiUtil::menuAction(start, QStringLiteral("&New Meetup Report"));
    QVERIFY(newReport);
    MainWindow *window = windowOpenedBy(newReport);
    QVERIFY(window);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(window->document()->isUntitled());

    // The template's title names this month; the author comes from the settings.
    const QString month = QLocale::c().toString(QDate::currentDate(), QStringLiteral("MMMM yyyy"));
    QCOMPARE(window->document()->frontMatter().value(QStringLiteral("title")).toString(),
             QStringLiteral("%1 meetup report").arg(month));
    QCOMPARE(window->document()->frontMatter().value(QStringLiteral("author")).toString(),
             QStringLiteral("Asha Rao"));

    auto *title = window->form()->findChild<QLineEdit *>(QStringLiteral("field_title"));
    QVERIFY(title);
    const QString typed = QStringLiteral("%1 meetup: Rust & Python").arg(month);
    typeInto(title, typed);
    QTRY_COMPARE(window->document()->frontMatter().value(QStringLiteral("title")).toString(),
                 typed);

    // Saved outside any site: the photos then go beside the post with relative links.
    const QString draft = m_tmp.filePath(QStringLiteral("accept/drafting/report.md"));
    QDir().mkpath(QFileInfo(draft).absolutePath());
    {
        GuiUtil::DialogAnswerer answerer(draft);
        QVERIFY(window->save());
        QVERIFY(answerer.choseFile());
    }
    QCOMPARE(window->document()->path(), draft);

    MarkdownEditor *editor = window->editor();
    const QTextBlock placeholder =
        blockWithText(editor, QStringLiteral("<!-- Drop the talk's photos here. -->"));
    QVERIFY(placeholder.isValid());
    QTextCursor cursor(placeholder);
    editor->setTextCursor(cursor);
    GuiUtil::drop(editor->viewport(), editor->cursorRect(cursor).center(),
                  {QUrl::fromLocalFile(camera + QStringLiteral("/Talk One.JPG")),
                   QUrl::fromLocalFile(camera + QStringLiteral("/Group Photo.png"))});
    const QString inserted = QStringLiteral(
        "![Talk One](report/talk-one.jpg)\n![Group Photo](report/group-photo.png)\n");
    QTRY_VERIFY_WITH_TIMEOUT(window->document()->bodyText().contains(inserted), 30000);
    QTRY_VERIFY(!window->isImporting());
    QCOMPARE(QImage(m_tmp.filePath(QStringLiteral("accept/drafting/report/talk-one.jpg"))).width(),
             1600);

    QAction *toSite = GuiUtil::menuAction(window, QStringLiteral("Export to &Site…"));
    QVERIFY(toSite);
    QString message;
    {
        GuiUtil::DialogAnswerer answerer(root);
        toSite->trigger();
        QVERIFY(answerer.choseFile());
        message = answerer.message();
    }
    static const QRegularExpression published(
        QStringLiteral("Jekyll will publish it at (\\S+)\\.(\\n|$)"));
    const QRegularExpressionMatch match = published.match(message);
    QVERIFY2(match.hasMatch(), qPrintable(message));
    const QString url = match.captured(1);
    static const QRegularExpression wrote(
        QStringLiteral("^Wrote (.*_posts/\\d{4}-\\d\\d-\\d\\d-[^/]*\\.md)$"),
        QRegularExpression::MultilineOption);
    const QString postPath = wrote.match(message).captured(1);
    QVERIFY2(QFileInfo::exists(postPath), qPrintable(message));
    const Post exported = Post::fromBytes(TestUtil::readAll(postPath));
    QCOMPARE(exported.value(QStringLiteral("title")).toString(), typed);
    QCOMPARE(Site::load(root).postUrl(QDir(root).relativeFilePath(postPath), exported), url);

    const QString out = m_tmp.filePath(QStringLiteral("accept/_site"));
    const auto build = TestUtil::run(QStringLiteral("jekyll"),
                                     {QStringLiteral("build"), QStringLiteral("--quiet"),
                                      QStringLiteral("-s"), root, QStringLiteral("-d"), out});
    QVERIFY2(build.exitCode == 0, build.err.constData());
    const QString page = out + Site::outputPathForUrl(url);
    QVERIFY2(QFileInfo::exists(page), qPrintable(page));
    const QString html = QString::fromUtf8(TestUtil::readAll(page));
    QVERIFY2(html.contains(QStringLiteral("<h1 class=\"post-title\">%1</h1>").arg(typed)),
             qPrintable(html));
    const QStringList sources = imageSources(html);
    QCOMPARE(sources.size(), 2);
    const QStringList dropped = {QStringLiteral("talk-one.jpg"), QStringLiteral("group-photo.png")};
    for (int i = 0; i < 2; ++i) {
        QVERIFY2(sources.at(i).startsWith(QLatin1Char('/')) &&
                     sources.at(i).endsWith(dropped.at(i)),
                 qPrintable(sources.at(i)));
        QCOMPARE(TestUtil::readAll(out + sources.at(i)),
                 TestUtil::readAll(
                     m_tmp.filePath(QStringLiteral("accept/drafting/report/") + dropped.at(i))));
    }
}

// Opening a post in a site shows the sidebar with the site's posts newest first; the filter
// narrows them; a click opens the post in a window of its own.
void TestWorkspace::sidebarListsAndOpensPosts()
{
    const QString root =
        TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/bangpypers_2021_seed_schema"),
                           m_tmp.filePath(QStringLiteral("sidebar")));
    auto *window = new MainWindow;
    const QString first = root + QStringLiteral("/_posts/2021-03-20-march-meetup.md");
    QCOMPARE(window->openFile(first), QString());
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTRY_VERIFY(window->siteDock()->isVisible());
    SiteBrowser *browser = window->siteBrowser();
    QCOMPARE(browser->siteRoot(), root);
    const int posts = QDir(root + QStringLiteral("/_posts"))
                          .entryList({QStringLiteral("*.md")}, QDir::Files)
                          .size();
    QVERIFY(posts > 50);
    QTRY_COMPARE_WITH_TIMEOUT(browser->visibleEntries().size(), posts, 20000);
    const QList<SiteEntry> entries = browser->visibleEntries();
    for (int i = 1; i < entries.size(); ++i)
        QVERIFY2(entries.at(i - 1).date >= entries.at(i).date, qPrintable(entries.at(i).path));

    // The filter matches titles.
    const SiteEntry target = entries.at(entries.size() / 2);
    browser->setFilter(target.title);
    QVERIFY(!browser->visibleEntries().isEmpty());
    QVERIFY(browser->visibleEntries().size() < posts);
    for (const SiteEntry &e : browser->visibleEntries())
        QVERIFY2(e.title.contains(target.title, Qt::CaseInsensitive), qPrintable(e.title));

    // One click opens it; this window keeps its own post.
    auto *tree = browser->findChild<QTreeWidget *>();
    QVERIFY(tree);
    QTreeWidgetItem *item = nullptr;
    for (QTreeWidgetItemIterator it(tree); *it; ++it) {
        if ((*it)->text(0) == target.title && !(*it)->isHidden())
            item = *it;
    }
    QVERIFY2(item, qPrintable(target.title));
    tree->scrollToItem(item);
    const QList<MainWindow *> before = mainWindows();
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier,
                      tree->visualItemRect(item).center());
    MainWindow *opened = nullptr;
    QTRY_VERIFY([&] {
        for (MainWindow *w : mainWindows()) {
            if (!before.contains(w))
                opened = w;
        }
        return opened != nullptr;
    }());
    QCOMPARE(opened->document()->path(), target.path);
    QCOMPARE(window->document()->path(), first);

    // Hidden with View > Site Posts, the sidebar stays hidden in the next window, until shown
    // again.
    QAction *toggle = GuiUtil::menuAction(window, QStringLiteral("&Site Posts"));
    QVERIFY(toggle);
    toggle->trigger();
    QVERIFY(!window->siteDock()->isVisible());
    auto *next = new MainWindow;
    QCOMPARE(next->openFile(first), QString());
    next->show();
    QVERIFY(!next->siteDock()->isVisible());
    GuiUtil::menuAction(next, QStringLiteral("&Site Posts"))->trigger();
    QVERIFY(next->siteDock()->isVisible());
    delete next;
    auto *third = new MainWindow;
    QCOMPARE(third->openFile(first), QString());
    third->show();
    QVERIFY(third->siteDock()->isVisible());
    delete third;
    toggle->trigger();

    // A post written by someone else (a git pull) shows up without asking.
    const QString pulled = root + QStringLiteral("/_posts/2099-01-01-from-the-future.md");
    browser->setFilter(QString());
    TestUtil::writeAll(pulled, "---\ntitle: From the future\n---\nHello\n");
    QTRY_VERIFY_WITH_TIMEOUT(!browser->visibleEntries().isEmpty() &&
                                 browser->visibleEntries().first().path == pulled,
                             10000);
}

// File > Open Site… takes the site's folder or any folder in it; a folder outside any site is
// refused with a reason. A window already holding a post keeps it; the site opens in a new one.
void TestWorkspace::openSiteFromAnyFolderInIt()
{
    const QString root = TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/rirug"),
                                            m_tmp.filePath(QStringLiteral("opensite")));
    auto *window = new MainWindow;
    window->newReport();
    window->show();
    const QString outside = m_tmp.filePath(QStringLiteral("not-a-site"));
    QDir().mkpath(outside);
    const QString error = window->openSite(outside);
    QVERIFY2(error.contains(QLatin1String("_config.yml")), qPrintable(error));
    QVERIFY(!window->siteDock()->isVisible());

    QAction *openSite = GuiUtil::menuAction(window, QStringLiteral("Open S&ite…"));
    QVERIFY(openSite);
    {
        GuiUtil::DialogAnswerer answerer(root + QStringLiteral("/_posts"));
        openSite->trigger();
        QVERIFY(answerer.choseFile());
        QVERIFY2(answerer.messages().isEmpty(), qPrintable(answerer.message()));
    }
    QVERIFY(window->siteDock()->isVisible());
    QCOMPARE(window->siteBrowser()->siteRoot(), root);
    QVERIFY(window->document()->isUntitled());
    QVERIFY2(window->document()->suggestedPath().startsWith(root + QStringLiteral("/_posts/")),
             qPrintable(window->document()->suggestedPath()));
    QTRY_COMPARE_WITH_TIMEOUT(
        window->siteBrowser()->visibleEntries().size(),
        int(QDir(root + QStringLiteral("/_posts")).entryList(QDir::Files).size()), 20000);

    // A window with a post in it stays as it is.
    const QString post = root + QLatin1Char('/') + Site::load(root).postFiles().first();
    QCOMPARE(window->openFile(post), QString());
    const QList<MainWindow *> before = mainWindows();
    QCOMPARE(window->openSite(root), QString());
    QCOMPARE(window->document()->path(), post);
    QCOMPARE(mainWindows().size(), before.size() + 1);
}

// A new report in a site whose posts credit `authors:` (a list) credits the author the same way.
void TestWorkspace::newReportFollowsTheSite()
{
    const QString root = TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/bangpypers"),
                                            m_tmp.filePath(QStringLiteral("conventions")));
    auto *window = new MainWindow;
    QVERIFY(!window->document()->isModified()); // nothing typed yet: it opens the site in place
    window->show();
    QCOMPARE(window->openSite(root), QString());
    const Post &post = window->document()->frontMatter();
    QCOMPARE(mainWindows().size(), 1);
    QCOMPARE(post.value(QStringLiteral("authors")).toList(),
             QVariantList{QStringLiteral("Asha Rao")});
    QVERIFY(!post.value(QStringLiteral("author")).isValid());
    QVERIFY(
        post.value(QStringLiteral("title")).toString().endsWith(QLatin1String("meetup report")));
    // The form shows it as the list it is, not as raw YAML.
    QTRY_VERIFY(window->form()->findChild<QWidget *>(QStringLiteral("field_authors")));
    QVERIFY(!window->form()->extraKeys().contains(QStringLiteral("authors")));
}

// A site whose field settings have a mistake says so when one of its posts opens, and the form
// still shows the field (as text).
void TestWorkspace::schemaMistakesAreShown()
{
    const QString root = m_tmp.filePath(QStringLiteral("badschema"));
    TestUtil::writeAll(root + QStringLiteral("/_config.yml"),
                       "timezone: UTC\nmeetdown:\n  fields:\n    venue: { type: selct }\n");
    const QString post = root + QStringLiteral("/_posts/2024-01-01-a.md");
    TestUtil::writeAll(post, "---\ntitle: A\nvenue: Hub\n---\nHi\n");
    auto *window = new MainWindow;
    QCOMPARE(window->openFile(post), QString());
    window->show();
    const QString shown = window->statusBar()->currentMessage();
    QVERIFY2(shown.startsWith(QLatin1String("_config.yml:4:5: warning: ")) &&
                 shown.contains(QLatin1String("selct")),
             qPrintable(shown));
    QTRY_VERIFY(qobject_cast<QLineEdit *>(
        window->form()->findChild<QWidget *>(QStringLiteral("field_venue"))));
    QCOMPARE(TestUtil::readAll(post), QByteArray("---\ntitle: A\nvenue: Hub\n---\nHi\n"));
}

// The first save of a new report offers the name its title and date give now, and never the name
// of a post that is there already.
void TestWorkspace::firstSaveIsNamedFromTheTitle()
{
    const QString root = TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/rirug"),
                                            m_tmp.filePath(QStringLiteral("firstsave")));
    QStringList written;
    for (int i = 0; i < 2; ++i) {
        MainWindow *window = newReportTitled(root, QStringLiteral("PyCon Sprint"));
        QVERIFY(window);
        const QDate date =
            JekyllRules::postDate(window->document()->frontMatter().value(QStringLiteral("date")),
                                  Site::load(root).timeZone())
                ->toTimeZone(Site::load(root).timeZone())
                .date();
        const QString expected =
            root + QStringLiteral("/_posts/") + date.toString(Qt::ISODate) +
            (i == 0 ? QStringLiteral("-pycon-sprint.md") : QStringLiteral("-pycon-sprint-2.md"));
        {
            // The answer is what was offered, as a user pressing Enter does.
            GuiUtil::DialogAnswerer answerer(expected);
            QVERIFY(window->save());
            QCOMPARE(answerer.offered(), QStringList{expected});
        }
        written << window->document()->path();
        closeAll();
    }
    QCOMPARE(written.size(), 2);
    QVERIFY(TestUtil::readAll(written.at(0)).contains("title: PyCon Sprint"));
    QVERIFY(TestUtil::readAll(written.at(1)).contains("title: PyCon Sprint"));
}

// File > New Draft makes an untitled draft that saves into _drafts; File > Publish Draft moves it
// to _posts/YYYY-MM-DD-slug.md, sets only its date, follows it there, and the sidebar follows.
void TestWorkspace::newDraftThenPublish()
{
    const QString root =
        TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/bangpypers_2021_seed_schema"),
                           m_tmp.filePath(QStringLiteral("drafts")));
    auto *start = new MainWindow;
    QCOMPARE(start->openFile(root + QStringLiteral("/_posts/2021-03-20-march-meetup.md")),
             QString());
    start->show();
    QAction *newDraft = GuiUtil::menuAction(start, QStringLiteral("New &Draft"));
    QVERIFY(newDraft);
    QVERIFY(newDraft->isEnabled());
    MainWindow *window = windowOpenedBy(newDraft);
    QVERIFY(window);
    QVERIFY(window->document()->isUntitled());
    const QString month = QLocale::c().toString(QDate::currentDate(), QStringLiteral("MMMM yyyy"));
    const QString slug = QStringLiteral("%1-meetup-report")
                             .arg(month.toLower().replace(QLatin1Char(' '), QLatin1Char('-')));
    const QString draft = root + QStringLiteral("/_drafts/") + slug + QStringLiteral(".md");
    QCOMPARE(window->document()->suggestedPath(), draft);
    QAction *publish = GuiUtil::menuAction(window, QStringLiteral("&Publish Draft"));
    QVERIFY(publish);
    QVERIFY(!publish->isEnabled()); // not a draft on disk yet

    {
        GuiUtil::DialogAnswerer answerer(draft);
        QVERIFY(window->save());
    }
    QVERIFY(QFileInfo::exists(draft));
    QTRY_VERIFY(publish->isEnabled());
    SiteBrowser *browser = window->siteBrowser();
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const SiteEntry &e : browser->visibleEntries()) {
                if (e.path == draft && e.draft)
                    return true;
            }
            return false;
        }(),
        20000);

    // Words typed after saving go along: publishing saves first.
    window->editor()->moveCursor(QTextCursor::End);
    QTest::keyClicks(window->editor(), QStringLiteral("Last words."));
    const QByteArray before = window->document()->bytes();
    publish->trigger();
    // The site's zone may put "now" on another day than the computer's: the date part is its own.
    const QString published = window->document()->path();
    QVERIFY2(published.startsWith(root + QStringLiteral("/_posts/")) &&
                 published.endsWith(slug + QStringLiteral(".md")),
             qPrintable(published));
    QVERIFY(!QFileInfo::exists(draft));
    QVERIFY(!window->document()->isModified());
    const QByteArray after = TestUtil::readAll(published);
    QVERIFY(after.contains("Last words."));
    // Only the date line may differ from what was in the window (the template's date and now
    // can fall in the same second).
    const TestUtil::Change change = TestUtil::changeBetween(before, after);
    QVERIFY(change.added.size() <= 1 && change.removed.size() == change.added.size());
    for (const QByteArray &line : change.added + change.removed)
        QVERIFY2(line.startsWith("date: "), line.constData());
    QVERIFY(!publish->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            bool post = false;
            for (const SiteEntry &e : browser->visibleEntries()) {
                if (e.path == draft)
                    return false;
                post = post || (e.path == published && !e.draft);
            }
            return post;
        }(),
        20000);

    // It never overwrites: a second draft with the same name cannot be published over the post.
    TestUtil::writeAll(draft, "---\ntitle: Same name\n---\n");
    QCOMPARE(window->openFile(draft), QString());
    QTRY_VERIFY(publish->isEnabled());
    {
        GuiUtil::DialogAnswerer answerer(QStringList{});
        publish->trigger();
        QVERIFY2(!answerer.message().isEmpty(), "no error was shown");
    }
    QVERIFY(QFileInfo::exists(draft));
    QCOMPARE(TestUtil::readAll(published), after);
}

// The Save dialog of a site's first draft opens in _drafts, which is made for it: cancelled, or
// saved outside the site, the site is left without an empty _drafts it never had.
void TestWorkspace::cancelledFirstDraftLeavesNoDraftsFolder()
{
    const QString root =
        TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/bangpypers_2021_seed_schema"),
                           m_tmp.filePath(QStringLiteral("nodrafts")));
    const QString drafts = root + QStringLiteral("/_drafts");
    QVERIFY(!QFileInfo::exists(drafts));
    auto *start = new MainWindow;
    QCOMPARE(start->openFile(root + QStringLiteral("/_posts/2021-03-20-march-meetup.md")),
             QString());
    start->show();
    MainWindow *window = windowOpenedBy(GuiUtil::menuAction(start, QStringLiteral("New &Draft")));
    QVERIFY(window);
    QVERIFY(window->document()->isUntitled());
    {
        GuiUtil::DialogAnswerer answerer(QStringList{});
        QVERIFY(!window->save());
    }
    QVERIFY(!QFileInfo::exists(drafts));
    const QString elsewhere = m_tmp.filePath(QStringLiteral("nodrafts-elsewhere/report.md"));
    QVERIFY(QDir().mkpath(QFileInfo(elsewhere).absolutePath()));
    {
        GuiUtil::DialogAnswerer answerer(elsewhere);
        QVERIFY(window->save());
    }
    QCOMPARE(window->document()->path(), elsewhere);
    QVERIFY(!QFileInfo::exists(drafts));
}

// Typing an existing post's name in the Save dialog (and saying yes to a "replace?" prompt) must
// not replace that post: the save is refused with a message, the edits stay, and the existing post
// keeps its bytes. Save As of a saved post onto another post is refused the same way; onto itself
// it saves.
void TestWorkspace::saveNeverReplacesAnotherPost()
{
    const QString root = TestUtil::copyTree(TestUtil::corpusDir() + QStringLiteral("/rirug"),
                                            m_tmp.filePath(QStringLiteral("noreplace")));
    const QStringList posts =
        QDir(root + QStringLiteral("/_posts"))
            .entryList(QStringList{QStringLiteral("*.md")}, QDir::Files, QDir::Name);
    QVERIFY(posts.size() >= 2);
    const QString victim = root + QStringLiteral("/_posts/") + posts.at(0);
    const QByteArray victimBytes = TestUtil::readAll(victim);

    MainWindow *window = newReportTitled(root, QStringLiteral("Words to keep"));
    QVERIFY(window);
    {
        GuiUtil::DialogAnswerer answerer(victim);
        QVERIFY(!window->save());
        QVERIFY2(answerer.message().contains(QStringLiteral("already exists")),
                 qPrintable(answerer.message()));
    }
    QCOMPARE(TestUtil::readAll(victim), victimBytes);
    QVERIFY(window->document()->isUntitled());
    QVERIFY(window->isWindowModified());
    // The title's file name is only a suggestion until the first save.
    QVERIFY2(window->windowTitle().contains(QLatin1String("(not saved yet)")),
             qPrintable(window->windowTitle()));
    QVERIFY(window->document()->bytes().contains("title: Words to keep"));

    const QString mine = m_tmp.filePath(QStringLiteral("noreplace-mine.md"));
    {
        GuiUtil::DialogAnswerer answerer(mine);
        QVERIFY(window->save());
    }
    QCOMPARE(window->document()->path(), mine);
    QVERIFY2(window->windowTitle().startsWith(QLatin1String("noreplace-mine.md[*]")),
             qPrintable(window->windowTitle()));
    const QString other = root + QStringLiteral("/_posts/") + posts.at(1);
    const QByteArray otherBytes = TestUtil::readAll(other);
    {
        GuiUtil::DialogAnswerer answerer(other);
        QVERIFY(!window->saveAs());
        QVERIFY(answerer.message().contains(QStringLiteral("already exists")));
    }
    QCOMPARE(TestUtil::readAll(other), otherBytes);
    QCOMPARE(window->document()->path(), mine);
    {
        GuiUtil::DialogAnswerer answerer(mine);
        QVERIFY(window->saveAs());
        QVERIFY(answerer.messages().isEmpty());
    }
    QVERIFY(TestUtil::readAll(mine).contains("title: Words to keep"));

    // Save As onto its own file, which another program changed meanwhile, asks as Save does;
    // not answering Save keeps the other program's bytes.
    typeInto(window->form()->findChild<QLineEdit *>(QStringLiteral("field_title")),
             QStringLiteral("Words to keep, edited"));
    QVERIFY(window->document()->isModified());
    QVERIFY(TestUtil::writeAll(mine, "written by another program\n"));
    {
        GuiUtil::DialogAnswerer answerer(mine);
        QVERIFY(!window->saveAs());
        QVERIFY2(answerer.message().contains(QLatin1String("changed on disk")),
                 qPrintable(answerer.messages().join(QLatin1Char('|'))));
    }
    QCOMPARE(TestUtil::readAll(mine), QByteArray("written by another program\n"));
}

int main(int argc, char **argv)
{
    PreviewView::registerUrlScheme();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("meetdown-test-workspace"));
    QStandardPaths::setTestModeEnabled(true);
    TestWorkspace test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_workspace.moc"
