#include "mainwindow.h"

#include "alttextdialog.h"
#include "photoimporttask.h"
#include "postpage.h"
#include "preferencesdialog.h"

#include <editor/document.h>
#include <editor/draftpublisher.h>
#include <editor/fileio.h>
#include <editor/findbar.h>
#include <editor/frontmatterform.h>
#include <editor/jekyllrules.h>
#include <editor/markdowneditor.h>
#include <editor/postexporter.h>
#include <editor/postrenamer.h>
#include <editor/posttemplate.h>
#include <editor/sitebrowser.h>
#include <editor/siteindex.h>
#include <editor/siteschema.h>
#include <editor/textstats.h>
#include <preview/previewview.h>
#include <preview/sitestylesheet.h>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFrame>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTextBlock>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>
#include <QUuid>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Meetdown {

namespace {

constexpr int MaxRecent = 10;
constexpr int JournalIntervalMs = 3000;

QStringList recentFiles()
{
    return QSettings().value(QStringLiteral("recentFiles")).toStringList();
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_document(new Document(this)), m_previewTimer(new QTimer(this)),
      m_statsTimer(new QTimer(this)), m_journalTimer(new QTimer(this)),
      m_journalId(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    setAttribute(Qt::WA_DeleteOnClose);
    buildUi();
    // Attaching the body to the editor records a formatting step; a new window has nothing to undo.
    m_document->bodyDocument()->clearUndoRedoStacks();
    m_document->undoStack()->clear();
    buildMenus();
    restoreSettings();

    // Bursts of typing become one preview update; the preview also merges renders itself.
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(0);
    connect(m_previewTimer, &QTimer::timeout, this, &MainWindow::updatePreview);
    m_statsTimer->setSingleShot(true);
    m_statsTimer->setInterval(300);
    connect(m_statsTimer, &QTimer::timeout, this, &MainWindow::updateStats);
    m_journalTimer->setInterval(JournalIntervalMs);
    connect(m_journalTimer, &QTimer::timeout, this, &MainWindow::writeJournal);
    m_journalTimer->start();

    connect(m_document, &Document::bodyChanged, this, [this] {
        m_previewTimer->start();
        m_statsTimer->start();
    });
    connect(m_document, &Document::frontMatterChanged, this, &MainWindow::onFrontMatterChanged);
    connect(m_document, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &Document::pathChanged, this, &MainWindow::onPathChanged);
    connect(m_document, &Document::pathChanged, this, &MainWindow::resetRenameOffer);
    connect(m_document, &Document::fileChangedOnDisk, this, &MainWindow::onFileChangedOnDisk);
    connect(m_form, &FrontMatterForm::editRequested, this, [this](const FieldEdit &edit) {
        const QString error = m_document->applyFieldEdit(edit);
        if (!error.isEmpty())
            showMessage(error);
    });
    connect(m_form, &FrontMatterForm::rawFrontMatterRequested, this,
            [this] { showRawFrontMatter(true); });
    connect(m_rawFrontMatter, &QPlainTextEdit::textChanged, this, [this] {
        if (m_rawFrontMatter->hasFocus())
            m_document->setFrontMatterText(m_rawFrontMatter->toPlainText().toUtf8());
    });
    connect(m_editor, &MarkdownEditor::cursorLineChanged, this, [this](int line) {
        m_preview->scrollToSourceLine(m_document->frontMatter().bodyFirstLine() + line - 1);
    });
    connect(m_editor, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        const QTextCursor cursor = m_editor->textCursor();
        // File lines, as `meetdown check` and Jekyll count them, not lines of the body.
        const int line = m_document->frontMatter().bodyFirstLine() + cursor.blockNumber();
        m_positionLabel->setText(
            tr("Line %1, column %2").arg(line).arg(cursor.positionInBlock() + 1));
    });
    connect(m_editor, &MarkdownEditor::topLineChanged, this, [this](int line) {
        m_preview->scrollToSourceLine(m_document->frontMatter().bodyFirstLine() + line - 1);
    });
    connect(m_editor, &MarkdownEditor::filesDropped, this,
            [this](const QStringList &paths, int position) { importPhotos(paths, position); });
    connect(m_editor, &MarkdownEditor::imagePasted, this, &MainWindow::importPastedImage);
    connect(m_form, &FrontMatterForm::imageFileChosen, this,
            [this](const QString &path) { importPhotos({path}, -1, PhotoTarget::FeaturedImage); });
    connect(m_editor, &MarkdownEditor::undoRequested, m_document->undoStack(), &QUndoStack::undo);
    connect(m_editor, &MarkdownEditor::redoRequested, m_document->undoStack(), &QUndoStack::redo);
    connect(m_document->undoStack(), &QUndoStack::canUndoChanged, m_editor,
            &MarkdownEditor::setUndoAvailable);
    connect(m_document->undoStack(), &QUndoStack::canRedoChanged, m_editor,
            &MarkdownEditor::setRedoAvailable);
    updateTitle();
}

MainWindow::~MainWindow()
{
    Journal(journalFolder()).remove(m_journalId);
}

void MainWindow::buildUi()
{
    m_form = new FrontMatterForm;
    m_rawFrontMatter = new QPlainTextEdit;
    m_rawFrontMatter->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_rawFrontMatter->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_rawPanel = new QWidget;
    auto *rawLayout = new QVBoxLayout(m_rawPanel);
    auto *rawNote =
        new QLabel(tr("Raw front matter. Fix the YAML here; the fields come back once it parses."));
    rawNote->setWordWrap(true);
    auto *backToForm = new QPushButton(tr("Back to the Form"));
    connect(backToForm, &QPushButton::clicked, this, [this] { showRawFrontMatter(false); });
    // The parse error stays in view while the YAML is fixed, with the line it points at.
    m_rawStatus = new QLabel;
    m_rawStatus->setWordWrap(true);
    m_rawStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rawLayout->addWidget(rawNote);
    rawLayout->addWidget(m_rawStatus);
    rawLayout->addWidget(m_rawFrontMatter, 1);
    rawLayout->addWidget(backToForm, 0, Qt::AlignRight);
    m_formStack = new QStackedWidget;
    m_formStack->addWidget(m_form);
    m_formStack->addWidget(m_rawPanel);

    m_editor = new MarkdownEditor;
    m_editor->setDocument(m_document->bodyDocument());
    m_findBar = new FindBar;
    m_findBar->setEditor(m_editor);
    m_findBar->hide();
    auto *editorPane = new QWidget;
    auto *editorLayout = new QVBoxLayout(editorPane);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->setSpacing(0);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_findBar);

    m_preview = new PreviewView;
    m_preview->setLinkOpener([this](const QUrl &url) {
        if (!QDesktopServices::openUrl(url))
            showMessage(tr("Could not open %1 in the browser.").arg(url.toDisplayString()));
    });

    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->addWidget(m_formStack);
    m_splitter->addWidget(editorPane);
    m_splitter->addWidget(m_preview);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setStretchFactor(2, 1);
    m_splitter->setSizes({380, 540, 560});
    // The rename bar spans the panes above the editor: a file name fits on one line there.
    auto *central = new QWidget;
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(buildRenameBar());
    centralLayout->addWidget(m_splitter, 1);
    setCentralWidget(central);

    // Shown once the post is in a site (onPathChanged).
    m_siteBrowser = new SiteBrowser;
    m_siteDock = new QDockWidget(tr("Site"), this);
    m_siteDock->setObjectName(QStringLiteral("siteDock"));
    m_siteDock->setWidget(m_siteBrowser);
    addDockWidget(Qt::LeftDockWidgetArea, m_siteDock);
    m_siteDock->hide();
    connect(m_siteBrowser, &SiteBrowser::postActivated, this, &MainWindow::openInWindow);

    m_statsLabel = new QLabel;
    m_positionLabel = new QLabel;
    m_importProgress = new QProgressBar;
    m_importProgress->setMaximumWidth(160);
    m_importProgress->setFormat(tr("Photos %v/%m"));
    m_importProgress->hide();
    m_cancelImport = new QToolButton;
    m_cancelImport->setText(tr("Cancel"));
    m_cancelImport->setToolTip(tr("Stop importing photos"));
    m_cancelImport->hide();
    statusBar()->addPermanentWidget(m_importProgress);
    statusBar()->addPermanentWidget(m_cancelImport);
    statusBar()->addPermanentWidget(m_positionLabel);
    statusBar()->addPermanentWidget(m_statsLabel);
    resize(1400, 860);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Meetup Report"),
                    QKeySequence::New, this, [this] {
                        auto *w = new MainWindow;
                        w->newReport(m_site.isValid() ? m_site.root() : QString());
                        w->present();
                    });
    m_newDraftAction = file->addAction(tr("New &Draft"), this, [this] {
        auto *w = new MainWindow;
        w->newDraft(m_site.root());
        w->present();
    });
    m_newDraftAction->setEnabled(false);
    file->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open…"),
                    QKeySequence::Open, this, &MainWindow::openDialog);
    file->addAction(
        tr("Open S&ite…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), this, [this] {
            const QString start = m_site.isValid()
                                      ? m_site.root()
                                      : QSettings().value(QStringLiteral("export/site")).toString();
            const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Site"), start);
            if (dir.isEmpty())
                return;
            const QString error = openSite(dir);
            if (!error.isEmpty())
                showError(tr("Not a Jekyll Site"), error);
        });
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(QIcon::fromTheme(QStringLiteral("document-save")), tr("&Save"),
                    QKeySequence::Save, this, &MainWindow::save);
    file->addAction(QIcon::fromTheme(QStringLiteral("document-save-as")), tr("Save &As…"),
                    QKeySequence::SaveAs, this, &MainWindow::saveAs);
    file->addSeparator();
    file->addAction(tr("Export to &Site…"), this, &MainWindow::exportToSite);
    file->addAction(tr("Export &HTML…"), this, &MainWindow::exportHtml);
    m_publishAction = file->addAction(tr("&Publish Draft"), this, &MainWindow::publishDraft);
    m_publishAction->setEnabled(false);
    m_renameAction =
        file->addAction(tr("&Rename to Match Title…"), this, &MainWindow::renameToMatchTitle);
    m_renameAction->setEnabled(false);
    file->addSeparator();
    file->addAction(tr("&Close"), QKeySequence::Close, this, &QWidget::close);
    file->addAction(QIcon::fromTheme(QStringLiteral("application-exit")), tr("&Quit"),
                    QKeySequence::Quit, qApp, &QApplication::closeAllWindows);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction *redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("Cu&t"), QKeySequence::Cut, m_editor, &QPlainTextEdit::cut);
    edit->addAction(tr("&Copy"), QKeySequence::Copy, m_editor, &QPlainTextEdit::copy);
    edit->addAction(tr("&Paste"), QKeySequence::Paste, m_editor, &QPlainTextEdit::paste);
    for (QAction *a : edit->actions())
        a->setShortcutContext(a == undo || a == redo ? Qt::WindowShortcut : Qt::WidgetShortcut);
    edit->addSeparator();
    edit->addAction(tr("&Bold"), QKeySequence::Bold, m_editor, &MarkdownEditor::toggleBold)
        ->setShortcutContext(Qt::WidgetShortcut);
    edit->addAction(tr("&Italic"), QKeySequence::Italic, m_editor, &MarkdownEditor::toggleItalic)
        ->setShortcutContext(Qt::WidgetShortcut);
    edit->addAction(tr("Insert &Link"), QKeySequence(Qt::CTRL | Qt::Key_K), m_editor,
                    &MarkdownEditor::insertLink)
        ->setShortcutContext(Qt::WidgetShortcut);
    edit->addSeparator();
    edit->addAction(tr("&Find…"), QKeySequence::Find, m_findBar, &FindBar::showFind);
    edit->addAction(tr("Find and &Replace…"), QKeySequence(Qt::CTRL | Qt::Key_H), m_findBar,
                    &FindBar::showReplace);
    edit->addAction(tr("&Go to Line…"), QKeySequence(Qt::CTRL | Qt::Key_L), this,
                    &MainWindow::goToLine);

    edit->addSeparator();
    edit->addAction(tr("Pre&ferences…"), QKeySequence::Preferences, this, [this] {
        PreferencesDialog dialog(this);
        if (dialog.exec() == QDialog::Accepted) {
            const bool remote =
                QSettings().value(QStringLiteral("preview/remoteImages"), true).toBool();
            m_preview->setRemoteImagesAllowed(remote);
            if (m_remoteAction)
                m_remoteAction->setChecked(remote);
            applyPreviewStyle(true);
        }
    });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QList<QPair<QString, QWidget *>> parts = {{tr("&Front Matter Form"), m_formStack},
                                                    {tr("&Markdown"), m_splitter->widget(1)},
                                                    {tr("&Preview"), m_preview}};
    int key = Qt::Key_1;
    for (const auto &part : parts) {
        QAction *toggle = view->addAction(part.first);
        toggle->setCheckable(true);
        toggle->setChecked(true);
        toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | key++));
        QWidget *widget = part.second;
        connect(toggle, &QAction::toggled, widget, &QWidget::setVisible);
        toggle->setObjectName(QStringLiteral("toggle-%1").arg(m_splitter->indexOf(widget)));
    }
    QAction *siteToggle = m_siteDock->toggleViewAction();
    siteToggle->setText(tr("&Site Posts"));
    view->addAction(siteToggle);
    // Only the user's choice is remembered: the window also hides the sidebar when there is no
    // site.
    connect(siteToggle, &QAction::triggered, this,
            [](bool on) { QSettings().setValue(QStringLiteral("view/siteDock"), on); });
    view->addSeparator();
    view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, m_editor, &MarkdownEditor::zoomIn);
    view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, m_editor, &MarkdownEditor::zoomOut);
    view->addAction(tr("&Reset Zoom"), QKeySequence(Qt::CTRL | Qt::Key_0), m_editor,
                    &MarkdownEditor::resetZoom);
    view->addSeparator();
    QAction *remote = view->addAction(tr("Load Remote &Images"));
    m_remoteAction = remote;
    remote->setCheckable(true);
    remote->setChecked(QSettings().value(QStringLiteral("preview/remoteImages"), true).toBool());
    m_preview->setRemoteImagesAllowed(remote->isChecked());
    connect(remote, &QAction::toggled, this, [this](bool on) {
        QSettings().setValue(QStringLiteral("preview/remoteImages"), on);
        m_preview->setRemoteImagesAllowed(on);
    });
    QMenu *styleMenu = view->addMenu(tr("Preview &Style"));
    m_styleGroup = new QActionGroup(this);
    const QList<QPair<QString, QString>> styles = {
        {tr("&Meetdown"), QStringLiteral("meetdown")},
        {tr("&Site (from _site)"), QStringLiteral("site")},
        {tr("CSS &File…"), QStringLiteral("file")}};
    for (const auto &style : styles) {
        QAction *choice = styleMenu->addAction(style.first);
        choice->setCheckable(true);
        choice->setData(style.second);
        choice->setObjectName(QStringLiteral("previewStyle-%1").arg(style.second));
        m_styleGroup->addAction(choice);
    }
    connect(m_styleGroup, &QActionGroup::triggered, this, [this](QAction *choice) {
        QSettings settings;
        if (choice->data() == QLatin1String("file")) {
            const QString previous = settings.value(QStringLiteral("preview/styleFile")).toString();
            const QString file = QFileDialog::getOpenFileName(
                this, tr("Preview Style"),
                previous.isEmpty() ? (m_site.isValid() ? m_site.root() : QString()) : previous,
                tr("Stylesheets (*.css);;All files (*)"));
            if (file.isEmpty()) {
                applyPreviewStyle(false); // puts the check back on the look in use
                return;
            }
            settings.setValue(QStringLiteral("preview/styleFile"), file);
        }
        settings.setValue(QStringLiteral("preview/style"), choice->data());
        applyPreviewStyle(true);
    });
    applyPreviewStyle(false);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Meetdown"), this, [this] {
        QMessageBox::about(
            this, tr("About Meetdown"),
            tr("<h3>Meetdown %1</h3><p>Meetup reports for Jekyll sites.</p>"
               "<p>Meetdown keeps every byte you did not touch and reads front matter "
               "the way Jekyll does.</p>")
                .arg(QStringLiteral(MEETDOWN_VERSION)));
    });
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    const QList<QAction *> actions = menuBar()->findChildren<QAction *>();
    for (int i = 0; i < 3; ++i) {
        const bool visible = settings.value(QStringLiteral("view/part%1").arg(i), true).toBool();
        for (QAction *a : actions) {
            if (a->objectName() == QStringLiteral("toggle-%1").arg(i))
                a->setChecked(visible);
        }
        m_splitter->widget(i)->setVisible(visible);
    }
    m_editor->setZoomPercent(
        settings.value(QStringLiteral("editor/zoom"), MarkdownEditor::DefaultZoom).toInt());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    for (int i = 0; i < 3; ++i)
        settings.setValue(QStringLiteral("view/part%1").arg(i), !m_splitter->widget(i)->isHidden());
    settings.setValue(QStringLiteral("editor/zoom"), m_editor->zoomPercent());
}

void MainWindow::updateTitle()
{
    // A new report's name is only a suggestion until its first save: the file does not exist.
    const QString name = m_document->isUntitled()
                             ? tr("%1 (not saved yet)").arg(m_document->displayName())
                             : m_document->displayName();
    setWindowTitle(QStringLiteral("%1[*] — Meetdown").arg(name));
    setWindowModified(m_document->isModified());
    setWindowFilePath(m_document->path());
}

void MainWindow::updatePreview()
{
    const Post &post = m_document->frontMatter();
    const QString path =
        m_document->isUntitled() ? m_document->suggestedPath() : m_document->path();
    // Liquid is expanded as Jekyll does before Markdown, on the preview's worker thread: a
    // post_url reads the site's posts, which has no place on the typing path.
    m_preview->setPost(PostPage::header(post, m_site, path), m_document->bodyText().toUtf8(),
                       post.bodyFirstLine(), [post, site = m_site, path](const QByteArray &body) {
                           return PostPage::expandLiquid(post, body, site, path);
                       });
}

void MainWindow::updateStats()
{
    const TextStats stats = TextStats::of(m_document->bodyText());
    m_statsLabel->setText(tr("%n word(s)", nullptr, stats.words) + QStringLiteral(" · ") +
                          tr("%n character(s)", nullptr, stats.characters) + QStringLiteral(" · ") +
                          tr("%n min read", nullptr, stats.readingMinutes));
}

void MainWindow::onPathChanged(const QString &path)
{
    updateTitle();
    const QString where = path.isEmpty() ? m_document->suggestedPath() : path;
    const QString root = where.isEmpty() ? QString() : Site::findRoot(where);
    m_site = root.isEmpty() ? Site() : Site::load(root);
    m_preview->setSiteRoot(m_site.isValid() ? m_site.root() : QFileInfo(where).absolutePath());
    m_preview->setBaseUrl(m_site.isValid() ? m_site.baseurl() : QString());
    applyPreviewStyle(false);
    FormContext context;
    context.timeZone = m_site.isValid() ? m_site.timeZone() : QTimeZone::systemTimeZone();
    context.siteRoot = m_site.isValid() ? m_site.root() : QString();
    context.schema = m_site.isValid() ? SiteSchema::load(m_site) : SiteSchema::seed();
    // A mistake in the site's field settings would otherwise only show as a plainer form.
    if (!context.schema.diagnostics.isEmpty()) {
        const qsizetype more = context.schema.diagnostics.size() - 1;
        const QString first =
            context.schema.diagnostics.first().format(QStringLiteral("_config.yml"));
        showMessage(more == 0
                        ? first
                        : tr("%1 (and %n more; `meetdown check` lists them)", nullptr, int(more))
                              .arg(first),
                    0);
    }
    // A required field the site's defaults: fill is not missing.
    if (m_site.isValid())
        context.defaults = m_site.defaultsFor(QDir(m_site.root()).relativeFilePath(where),
                                              QStringLiteral("posts"));
    m_form->setSite(context);
    m_form->setFileDate(JekyllRules::parsePostFileName(QFileInfo(where).fileName()).date);
    m_newDraftAction->setEnabled(m_site.isValid());
    m_publishAction->setEnabled(
        m_site.isValid() && !path.isEmpty() &&
        QFileInfo(path).absolutePath() ==
            QFileInfo(QDir(m_site.root()).filePath(QStringLiteral("_drafts"))).absoluteFilePath());
    if (!m_site.isValid()) {
        m_siteDock->hide();
        return;
    }
    if (m_siteBrowser->siteRoot() != m_site.root()) {
        m_siteBrowser->setSite(m_site);
        m_siteDock->setVisible(QSettings().value(QStringLiteral("view/siteDock"), true).toBool());
    }
    // Completions come from every post of the site: read them off the GUI thread.
    auto *watcher = new QFutureWatcher<SiteIndex>(this);
    connect(watcher, &QFutureWatcher<SiteIndex>::finished, this,
            [this, watcher, context, site = m_site] {
                const SiteIndex index = watcher->result();
                watcher->deleteLater();
                FormContext full = context;
                full.layouts = index.layouts;
                full.authors = index.authors;
                full.tags = index.tags;
                full.categories = index.categories;
                full.schema = SiteSchema::load(site, index.commonKeys, index.commonKeyTypes);
                m_form->setSite(full);
            });
    watcher->setFuture(QtConcurrent::run([site = m_site] { return SiteIndex::scan(site); }));
}

void MainWindow::applyPreviewStyle(bool announce)
{
    const QSettings settings;
    const QString choice =
        settings.value(QStringLiteral("preview/style"), QStringLiteral("meetdown")).toString();
    if (m_styleGroup) {
        for (QAction *action : m_styleGroup->actions())
            action->setChecked(action->data() == choice);
    }
    QStringList files;
    QString root;
    QString problem;
    if (choice == QLatin1String("site")) {
        // Read from _site each time: the site may have been built since.
        const QVariant destination =
            m_site.isValid() ? m_site.configValue(QStringLiteral("destination")) : QVariant();
        const QVariant url =
            m_site.isValid() ? m_site.configValue(QStringLiteral("url")) : QVariant();
        // The post's own built page, when the site has been built with it.
        QString ownPage;
        const QString relative = m_site.isValid() && !m_document->path().isEmpty()
                                     ? QDir(m_site.root()).relativeFilePath(m_document->path())
                                     : QString();
        if (relative.startsWith(QLatin1String("_posts/")))
            ownPage =
                Site::outputPathForUrl(m_site.postUrl(relative, m_document->frontMatter())).mid(1);
        const SiteStyle style = SiteStylesheet::find(
            m_site.isValid() ? m_site.root() : QString(),
            m_site.isValid() ? m_site.baseurl() : QString(),
            destination.typeId() == QMetaType::QString ? destination.toString() : QString(),
            url.typeId() == QMetaType::QString ? url.toString() : QString(), ownPage);
        files = style.files;
        root = style.builtDir;
        // A new post outside any site is not worth a message each time; a site without _site is.
        problem = m_site.isValid() || announce ? style.problem : QString();
    } else if (choice == QLatin1String("file")) {
        const QString file = settings.value(QStringLiteral("preview/styleFile")).toString();
        if (QFileInfo(file).isFile())
            files = {file};
        else
            problem = tr("The CSS file %1 does not exist.").arg(QDir::toNativeSeparators(file));
    }
    m_preview->setStylesheets(files, root);
    if (!problem.isEmpty())
        showMessage(tr("The preview shows Meetdown's style. %1").arg(problem), 12000);
}

void MainWindow::onFrontMatterChanged()
{
    const Post &post = m_document->frontMatter();
    m_form->setPost(post);
    if (!m_rawFrontMatter->hasFocus() &&
        m_rawFrontMatter->toPlainText().toUtf8() != post.frontMatterText())
        m_rawFrontMatter->setPlainText(QString::fromUtf8(post.frontMatterText()));
    QStringList problems;
    for (const Diagnostic &d : post.diagnostics())
        problems.append(
            tr("Line %1, column %2: %3").arg(d.line).arg(d.column).arg(d.message.toHtmlEscaped()));
    m_rawStatus->setText(problems.isEmpty()
                             ? tr("<span style='color:#2e7d32'>The front matter parses.</span>")
                             : QStringLiteral("<span style='color:#c62828'>%1</span>")
                                   .arg(problems.join(QStringLiteral("<br>"))));
    if (!post.isEditable())
        showMessage(tr("Read-only: %1.").arg(post.refusal()), 0);
    m_editor->setReadOnly(!post.isEditable());
    m_previewTimer->start();
}

void MainWindow::showRawFrontMatter(bool show)
{
    if (show)
        m_rawFrontMatter->setPlainText(
            QString::fromUtf8(m_document->frontMatter().frontMatterText()));
    m_formStack->setCurrentWidget(show ? m_rawPanel : static_cast<QWidget *>(m_form));
    if (show)
        m_rawFrontMatter->setFocus();
}

void MainWindow::onFileChangedOnDisk()
{
    if (m_askingAboutDisk)
        return;
    if (!QFileInfo::exists(m_document->path())) {
        showMessage(tr("%1 was removed or renamed on disk. Save to write it again.")
                        .arg(m_document->displayName()),
                    0);
        return;
    }
    if (!m_document->isModified()) {
        const int position = m_editor->textCursor().position();
        const QString error = m_document->reload();
        QTextCursor cursor = m_editor->textCursor();
        cursor.setPosition(qMin(position, m_document->bodyDocument()->characterCount() - 1));
        m_editor->setTextCursor(cursor);
        showMessage(error.isEmpty()
                        ? tr("Reloaded %1: it changed on disk.").arg(m_document->displayName())
                        : error);
        return;
    }
    m_askingAboutDisk = true;
    const auto answer =
        QMessageBox::question(this, tr("File Changed on Disk"),
                              tr("%1 changed on disk, and you have unsaved edits.\n\nReload it and "
                                 "lose your edits, or keep "
                                 "your version (saving will then replace the file on disk)?")
                                  .arg(m_document->displayName()),
                              QMessageBox::Discard | QMessageBox::Ignore, QMessageBox::Ignore);
    m_askingAboutDisk = false;
    if (answer == QMessageBox::Discard) {
        const QString error = m_document->reload();
        if (!error.isEmpty())
            showError(tr("Reload Failed"), error);
    }
}

bool MainWindow::formReadyToSave()
{
    // Text still waiting for the form's typing pause belongs in this save.
    m_form->commitPendingEdits();
    const QStringList invalid = m_form->invalidFields();
    if (invalid.isEmpty())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("A Field Cannot Be Saved Yet"),
        tr("What you typed in %1 cannot be written as it is (the field says why), so it is not "
           "part of the post yet. Saving now writes the post without it; your text stays in the "
           "field.\n\nSave anyway?")
            .arg(invalid.join(QStringLiteral(", "))),
        QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Save;
}

bool MainWindow::replaceChangesOnDisk()
{
    if (!m_document->changedOnDisk() || !QFileInfo::exists(m_document->path()))
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("File Changed on Disk"),
        tr("%1 changed on disk since you opened it. Replace it with your version?")
            .arg(m_document->displayName()),
        QMessageBox::Save | QMessageBox::Cancel, QMessageBox::Cancel);
    return answer == QMessageBox::Save;
}

bool MainWindow::save()
{
    if (!formReadyToSave())
        return false;
    if (m_document->isUntitled())
        return saveAsChecked();
    // Nothing to write: the file already has these bytes (and a read-only folder is no error).
    if (!m_document->isModified() && !m_document->changedOnDisk() &&
        QFileInfo::exists(m_document->path())) {
        showMessage(tr("No changes to save in %1").arg(m_document->path()));
        return true;
    }
    if (!replaceChangesOnDisk())
        return false;
    const QString error = m_document->save();
    if (!error.isEmpty()) {
        showError(
            tr("Save Failed"),
            error + (m_document->isModified() ? tr("\n\nYour edits are still here.") : QString()));
        return false;
    }
    addRecent(m_document->path());
    Journal(journalFolder()).remove(m_journalId);
    showMessage(tr("Saved %1").arg(m_document->path()));
    offerRename();
    return true;
}

bool MainWindow::saveAs()
{
    return formReadyToSave() && saveAsChecked();
}

bool MainWindow::saveAsChecked()
{
    QString suggestion = m_document->path();
    QString madeFolder;
    if (suggestion.isEmpty()) {
        suggestion = m_document->suggestedPath();
        // Named by Jekyll's rules from the title and date as they are now, not as the template
        // had them, and never the name of a file that is there already.
        const QFileInfo suggested(suggestion);
        const bool draft = suggested.absoluteDir().dirName() == QLatin1String("_drafts");
        const QTimeZone zone = m_site.isValid() ? m_site.timeZone() : QTimeZone::systemTimeZone();
        const auto date =
            JekyllRules::postDate(m_document->frontMatter().value(QStringLiteral("date")), zone);
        const QString name = JekyllRules::newPostFileName(
            suggested.absolutePath(),
            m_document->frontMatter().value(QStringLiteral("title")).toString(),
            date ? date->toTimeZone(zone).date() : QDate::currentDate(), draft);
        if (!name.isEmpty())
            suggestion = suggested.absoluteDir().filePath(name);
        // A site's first draft: the dialog cannot open in a folder that does not exist yet.
        const QFileInfo folder(QFileInfo(suggestion).absolutePath());
        if (m_site.isValid() && !folder.exists() &&
            QFileInfo(folder.absolutePath()) == QFileInfo(m_site.root()) &&
            QDir().mkpath(folder.absoluteFilePath()))
            madeFolder = folder.absoluteFilePath();
    }
    // The dialog's own "replace?" is not asked: another file's words are never replaced by a
    // save, so an existing name is refused below instead of confirmed.
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save Post"), suggestion, tr("Markdown posts (*.md *.markdown);;All files (*)"),
        nullptr, QFileDialog::DontConfirmOverwrite);
    const bool ownFile =
        !m_document->path().isEmpty() &&
        QFileInfo(path).absoluteFilePath() == QFileInfo(m_document->path()).absoluteFilePath();
    const bool taken =
        !path.isEmpty() && (QFileInfo::exists(path) || QFileInfo(path).isSymLink()) && !ownFile;
    // Its own file, changed by another program since: asked as Save asks.
    const bool declined = ownFile && !replaceChangesOnDisk();
    const QString error =
        path.isEmpty() || taken || declined ? QString() : m_document->saveAs(path);
    // Made only for the dialog: cancelled, or saved elsewhere, the site gets no empty _drafts.
    // rmdir leaves it when the post (or anything else) went in.
    if (!madeFolder.isEmpty())
        QDir().rmdir(madeFolder);
    if (path.isEmpty() || declined)
        return false;
    if (taken) {
        showError(
            tr("File Already Exists"),
            tr("%1 already exists, and Meetdown never replaces another file. Save under another "
               "name, or open that file to edit it.\n\nYour edits are still here.")
                .arg(QDir::toNativeSeparators(path)));
        return false;
    }
    if (!error.isEmpty()) {
        showError(tr("Save Failed"), error + tr("\n\nYour edits are still here."));
        return false;
    }
    addRecent(m_document->path());
    Journal(journalFolder()).remove(m_journalId);
    return true;
}

void MainWindow::exportToSite()
{
    QSettings settings;
    const QString start =
        m_site.isValid() ? m_site.root() : settings.value(QStringLiteral("export/site")).toString();
    const QString siteDir = QFileDialog::getExistingDirectory(this, tr("Export to Site"), start);
    if (siteDir.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/site"), siteDir);
    const QString path =
        m_document->isUntitled() ? m_document->suggestedPath() : m_document->path();
    const SiteExport result = PostExporter::exportToSite(path, m_document->bytes(), siteDir);
    QStringList lines;
    for (const ExportedFile &photo : result.photos)
        lines << (photo.alreadyThere ? tr("Already there: %1") : tr("Wrote %1")).arg(photo.path);
    if (!result.ok()) {
        if (!lines.isEmpty())
            lines.prepend(tr("Written before the failure:"));
        showError(tr("Export Failed"), result.errors.join(QLatin1Char('\n')) +
                                           QStringLiteral("\n\n") + lines.join(QLatin1Char('\n')));
        return;
    }
    lines << (result.post.alreadyThere ? tr("Already there: %1") : tr("Wrote %1"))
                 .arg(result.post.path);
    lines << tr("Jekyll will publish it at %1.").arg(result.url);
    for (const Diagnostic &d : result.findings)
        lines << d.format(QFileInfo(result.post.path).fileName());
    QMessageBox::information(this, tr("Exported to the Site"), lines.join(QLatin1Char('\n')));
}

void MainWindow::exportHtml()
{
    const QString path =
        m_document->isUntitled() ? m_document->suggestedPath() : m_document->path();
    const QFileInfo info(path);
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Export HTML"),
        info.dir().filePath(info.completeBaseName() + QStringLiteral(".html")),
        tr("Web pages (*.html)"));
    if (file.isEmpty())
        return;
    const HtmlExport page =
        PostExporter::standaloneHtml(path, m_document->post(), m_site, [&](const Post &post) {
            return PostPage::standalone(post, m_site,
                                        PostPage::renderBody(post, m_site, path, false).html, path);
        });
    const QString error = FileIO::write(file, page.html);
    if (!error.isEmpty()) {
        showError(tr("Export Failed"), error);
        return;
    }
    QStringList lines = {
        tr("Wrote %1 (%2 KB), with %n picture(s) inside.", nullptr, int(page.embedded.size()))
            .arg(file)
            .arg((page.html.size() + 1023) / 1024)};
    lines += page.warnings;
    QMessageBox::information(this, tr("Exported HTML"), lines.join(QLatin1Char('\n')));
}

bool MainWindow::maybeSave()
{
    m_form->commitPendingEdits();
    if (!m_document->isModified() && m_form->invalidFields().isEmpty())
        return true;
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved Changes"),
        tr("Save the changes to %1 before closing?").arg(m_document->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    Journal(journalFolder()).remove(m_journalId);
    event->accept();
}

QString MainWindow::openFile(const QString &path)
{
    const QString error = m_document->load(path);
    if (!error.isEmpty())
        return error;
    addRecent(m_document->path());
    resetRenameOffer();
    showRawFrontMatter(false);
    // Replacing the text leaves the editor's cursor after it; a post opens at its start.
    m_editor->moveCursor(QTextCursor::Start);
    return QString();
}

void MainWindow::newReport(const QString &siteDir)
{
    const Site site = siteDir.isEmpty() ? Site() : Site::load(siteDir);
    const QTimeZone zone = site.isValid() ? site.timeZone() : QTimeZone::systemTimeZone();
    const QDateTime now = QDateTime::currentDateTime().toTimeZone(zone);
    const QDateTime date(now.date(), QTime(now.time().hour(), now.time().minute()), zone);
    const QString title =
        tr("%1 meetup report").arg(QLocale::c().toString(now.date(), QStringLiteral("MMMM yyyy")));
    const QString author = QSettings().value(QStringLiteral("author")).toString();
    const QString folder =
        site.isValid() ? QDir(site.root()).filePath(QStringLiteral("_posts"))
                       : QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString file = JekyllRules::newPostFileName(folder, title, now.date(), false);
    // The template follows the site: its declared fields, or the keys its posts use (authors: …).
    const SiteIndex index = site.isValid() ? SiteIndex::scan(site) : SiteIndex();
    const SiteSchema schema = site.isValid()
                                  ? SiteSchema::load(site, index.commonKeys, index.commonKeyTypes)
                                  : SiteSchema::seed();
    m_document->loadNew(PostTemplate::meetupReport(title, author, date, zone, schema),
                        QDir(folder).filePath(file));
    onPathChanged(QString());
    m_editor->moveCursor(QTextCursor::Start);
}

void MainWindow::newDraft(const QString &siteDir)
{
    newReport(siteDir);
    const Site site = Site::load(siteDir);
    if (!site.isValid())
        return;
    const QString title = m_document->frontMatter().value(QStringLiteral("title")).toString();
    const QString drafts = QDir(site.root()).filePath(QStringLiteral("_drafts"));
    const QString file = JekyllRules::newPostFileName(drafts, title, QDate(), true);
    m_document->loadNew(m_document->bytes(), QDir(drafts).filePath(file));
    onPathChanged(QString());
    m_editor->moveCursor(QTextCursor::Start);
}

void MainWindow::publishDraft()
{
    if (!m_site.isValid() || m_document->isUntitled())
        return;
    if (m_document->isModified() && !save())
        return;
    const QTimeZone zone = m_site.timeZone();
    const PublishResult result = DraftPublisher::publish(m_document->path(), m_site.root(),
                                                         QDateTime::currentDateTime(), zone);
    if (!result.ok()) {
        showError(tr("Publish Failed"), result.error);
        return;
    }
    const QString error = openFile(result.newPath);
    if (!error.isEmpty()) {
        showError(tr("Cannot Open"), error);
        return;
    }
    if (!result.photosStay.isEmpty())
        showMessage(tr("Published as %1; %2").arg(result.newPath, result.photosStay));
    else
        showMessage(result.photoFolder.isEmpty() ? tr("Published as %1").arg(result.newPath)
                                                 : tr("Published as %1; photos moved to %2")
                                                       .arg(result.newPath, result.photoFolder));
}

QString MainWindow::openSite(const QString &dir)
{
    const QString root = Site::findRoot(dir);
    if (root.isEmpty()) {
        return tr("%1 is not a Jekyll site: neither it nor a folder above it has a _config.yml. "
                  "Choose the folder that holds the site's _config.yml and _posts.")
            .arg(QDir::toNativeSeparators(dir));
    }
    MainWindow *target = this;
    // What is typed but not applied yet (a date, a tag) counts as an edit: never dropped.
    m_form->commitPendingEdits();
    if (!m_document->isUntitled() || m_document->isModified() ||
        !m_form->invalidFields().isEmpty()) {
        target = new MainWindow;
        target->present();
    }
    target->newReport(root);
    // The sidebar is how a site is browsed: opening one shows it, whatever was chosen before.
    QSettings().setValue(QStringLiteral("view/siteDock"), true);
    target->m_siteDock->show();
    return QString();
}

QWidget *MainWindow::buildRenameBar()
{
    auto *bar = new QFrame;
    bar->setObjectName(QStringLiteral("renameBar"));
    // An information bar, not a warning: nothing is wrong, the name is only out of date.
    bar->setStyleSheet(QStringLiteral(
        "QFrame#renameBar { background: #e8f1fb; border-bottom: 1px solid #a9c8ec; }"));
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(10, 6, 8, 6);
    m_renameLabel = new QLabel;
    m_renameLabel->setObjectName(QStringLiteral("renameLabel"));
    m_renameLabel->setWordWrap(true);
    m_renameLabel->setTextFormat(Qt::RichText);
    m_renameLabel->setToolTip(
        tr("The post's photo folder moves with it, and the links to the photos follow."));
    auto *rename = new QPushButton(tr("&Rename"));
    rename->setObjectName(QStringLiteral("renameButton"));
    auto *keep = new QPushButton(tr("&Keep Name"));
    keep->setObjectName(QStringLiteral("keepNameButton"));
    // A copy: renameFile saves first, and the save may change the offer under a reference.
    connect(rename, &QPushButton::clicked, this, [this] { renameFile(QString(m_offeredName)); });
    connect(keep, &QPushButton::clicked, this, [this] {
        m_declinedName = m_offeredName;
        hideRenameBar();
    });
    layout->addWidget(m_renameLabel, 1);
    layout->addWidget(rename);
    layout->addWidget(keep);
    m_renameBar = bar;
    m_renameBar->hide();
    return m_renameBar;
}

void MainWindow::resetRenameOffer()
{
    m_renameBaseline = m_document->frontMatter();
    m_declinedName.clear();
    hideRenameBar();
    m_renameAction->setEnabled(!m_document->isUntitled());
}

void MainWindow::offerRename()
{
    if (m_document->isUntitled())
        return;
    const QTimeZone zone = m_site.isValid() ? m_site.timeZone() : QTimeZone::systemTimeZone();
    const NameSuggestion offer = PostRenamer::offeredName(m_document->path(), m_renameBaseline,
                                                          m_document->frontMatter(), zone);
    // Asking on every save would be nagging: once kept, a name is not offered again.
    if (offer.name.isEmpty() || offer.name == m_declinedName) {
        hideRenameBar();
        return;
    }
    showRenameBar(offer.name, offer.titleChanged && offer.dateChanged
                                  ? tr("The title and date changed.")
                              : offer.titleChanged ? tr("The title changed.")
                                                   : tr("The date changed."));
}

void MainWindow::showRenameBar(const QString &name, const QString &why)
{
    m_offeredName = name;
    m_renameLabel->setText(tr("%1 Rename the file to <b style='white-space:nowrap'>%2</b>?")
                               .arg(why.toHtmlEscaped(), name.toHtmlEscaped()));
    m_renameBar->show();
}

void MainWindow::hideRenameBar()
{
    // A hidden bar offers nothing: no later click may act on a name it once showed.
    m_offeredName.clear();
    m_renameBar->hide();
}

void MainWindow::renameToMatchTitle()
{
    if (m_document->isUntitled())
        return;
    m_form->commitPendingEdits();
    const QTimeZone zone = m_site.isValid() ? m_site.timeZone() : QTimeZone::systemTimeZone();
    const NameSuggestion name =
        PostRenamer::suggestedName(m_document->path(), m_document->frontMatter(), zone);
    if (name.name.isEmpty()) {
        showError(tr("Cannot Rename"), tr("%1 cannot be named after its title: %2.")
                                           .arg(m_document->displayName(), name.problem));
        return;
    }
    if (name.name == QFileInfo(m_document->path()).fileName()) {
        hideRenameBar();
        showMessage(tr("%1 already matches its title and date.").arg(name.name));
        return;
    }
    showRenameBar(name.name, tr("The name does not match the title and date."));
}

void MainWindow::renameFile(QString newName)
{
    if (m_document->isUntitled() || newName.isEmpty())
        return;
    // The rename moves the file on disk: what is on screen must be what moves.
    m_form->commitPendingEdits();
    if ((m_document->isModified() || !m_form->invalidFields().isEmpty()) && !save())
        return;
    // The name was offered for the title and date of an earlier save: what was just saved may
    // name the post otherwise ("Old title" typed back), and then the file keeps its name.
    const QTimeZone zone = m_site.isValid() ? m_site.timeZone() : QTimeZone::systemTimeZone();
    const Post saved = m_document->frontMatter();
    const QString path = m_document->path();
    const QString offered = PostRenamer::offeredName(path, m_renameBaseline, saved, zone).name;
    if (newName != offered && newName != PostRenamer::suggestedName(path, saved, zone).name) {
        offerRename();
        showMessage(tr("The title or date changed since %1 was offered; the file keeps its name.")
                        .arg(newName));
        return;
    }
    const QString oldPath = m_document->path();
    const RenameResult result = PostRenamer::rename(oldPath, newName);
    if (!result.ok()) {
        showError(tr("Rename Failed"), result.error);
        return;
    }
    const int position = m_editor->textCursor().position();
    const QString error = m_document->followMove(result.newPath);
    if (!error.isEmpty()) {
        showError(tr("Cannot Open"), error);
        return;
    }
    QTextCursor cursor = m_editor->textCursor();
    cursor.setPosition(qMin(position, m_document->bodyDocument()->characterCount() - 1));
    m_editor->setTextCursor(cursor);
    // page.url and friends follow the new name even when no byte of the post changed.
    m_previewTimer->start();
    // The old name is gone from the disk: the recent list names the new one in its place.
    QStringList recent = recentFiles();
    recent.removeAll(oldPath);
    QSettings().setValue(QStringLiteral("recentFiles"), recent);
    addRecent(result.newPath);
    writeJournal();
    QString message =
        !result.photosStay.isEmpty()
            ? tr("Renamed to %1; %2").arg(result.newPath, result.photosStay)
        : result.photoFolder.isEmpty()
            ? tr("Renamed to %1").arg(result.newPath)
            : tr("Renamed to %1; photos moved to %2").arg(result.newPath, result.photoFolder);
    if (!result.postsUpdated.isEmpty())
        message +=
            tr("; links from %n other post(s) follow", nullptr, int(result.postsUpdated.size()));
    showMessage(message);
    if (!result.postsNotUpdated.isEmpty())
        showError(tr("Other Posts Not Updated"), result.postsNotUpdated);
}

void MainWindow::openDialog()
{
    const QString start =
        m_document->path().isEmpty() ? QString() : QFileInfo(m_document->path()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Post"), start,
        tr("Markdown posts (*.md *.markdown *.mkd *.mdown);;All files (*)"));
    if (!path.isEmpty())
        openInWindow(path);
}

void MainWindow::openInWindow(const QString &path)
{
    MainWindow *target = this;
    // What is typed but not applied yet (a date, a tag) counts as an edit: never dropped.
    m_form->commitPendingEdits();
    if (!m_document->isUntitled() || m_document->isModified() ||
        !m_form->invalidFields().isEmpty()) {
        target = new MainWindow;
        target->present();
    }
    const QString error = target->openFile(path);
    if (!error.isEmpty()) {
        target->showError(tr("Cannot Open"), error);
        if (target != this)
            target->close();
    }
}

void MainWindow::addRecent(const QString &path)
{
    QStringList recent = recentFiles();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > MaxRecent)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("recentFiles"), recent);
    for (QWidget *w : QApplication::topLevelWidgets()) {
        if (auto *window = qobject_cast<MainWindow *>(w))
            window->rebuildRecentMenu();
    }
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = recentFiles();
    for (const QString &path : recent) {
        m_recentMenu->addAction(QDir::toNativeSeparators(path), this,
                                [this, path] { openInWindow(path); });
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("No recent posts"))->setEnabled(false);
}

void MainWindow::goToLine()
{
    bool ok = false;
    const int lines = m_document->bodyDocument()->blockCount();
    const int line =
        QInputDialog::getInt(this, tr("Go to Line"), tr("Line (1–%1):").arg(lines),
                             m_editor->textCursor().blockNumber() + 1, 1, lines, 1, &ok);
    if (ok)
        m_editor->goToLine(line);
}

void MainWindow::showMessage(const QString &text, int timeout)
{
    statusBar()->showMessage(text, timeout);
}

void MainWindow::showError(const QString &title, const QString &text)
{
    QMessageBox::critical(this, title, text);
}

QString MainWindow::journalFolder()
{
    const QString custom = qEnvironmentVariable("MEETDOWN_JOURNAL_DIR");
    if (!custom.isEmpty())
        return custom;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/journal");
}

void MainWindow::writeJournal()
{
    Journal journal(journalFolder());
    if (!m_document->isModified()) {
        if (!m_journaledHash.isEmpty()) {
            journal.remove(m_journalId);
            m_journaledHash.clear();
        }
        return;
    }
    const QByteArray bytes = m_document->bytes();
    const QByteArray hash = Journal::hashOf(bytes);
    if (hash == m_journaledHash)
        return;
    JournalEntry entry;
    entry.id = m_journalId;
    entry.path = m_document->path();
    entry.bytes = bytes;
    entry.diskHash = m_document->diskHash();
    entry.written = QDateTime::currentDateTime();
    entry.pid = QCoreApplication::applicationPid();
    const QString error = journal.write(entry);
    if (error.isEmpty())
        m_journaledHash = hash;
    else
        showMessage(tr("Could not write the recovery journal: %1").arg(error));
}

void MainWindow::recover(const JournalEntry &entry)
{
    m_document->loadRecovered(entry.path, entry.bytes, entry.diskHash);
    onPathChanged(m_document->path());
    updateTitle();
    Journal(journalFolder()).remove(entry.id);
    writeJournal();
}

void MainWindow::importPhotos(const QStringList &paths, int position, PhotoTarget target)
{
    QStringList photos;
    for (const QString &path : paths) {
        // A post dropped on the window is opened, not imported.
        if (JekyllRules::isMarkdownExtension(QLatin1Char('.') + QFileInfo(path).suffix()))
            openInWindow(path);
        else
            photos.append(path);
    }
    if (photos.isEmpty())
        return;
    if (m_document->isUntitled()) {
        QMessageBox::information(
            this, tr("Save the Post First"),
            tr("Photos are copied next to the post (or into its site), so the post "
               "needs a file first."));
        if (!saveAs())
            return;
    }
    QSettings settings;
    ImportOptions options;
    options.maxWidth = settings.value(QStringLiteral("photos/maxWidth"), options.maxWidth).toInt();
    // The cursor follows edits made while the photos import, so they land where they were dropped.
    QTextCursor anchor(m_document->bodyDocument());
    anchor.setPosition(qBound(0, position, m_document->bodyDocument()->characterCount() - 1));
    auto *task = new PhotoImportTask(m_document->path(), photos, options, this);
    ++m_imports;
    m_importProgress->setRange(0, int(photos.size()));
    m_importProgress->setValue(0);
    m_importProgress->show();
    m_cancelImport->show();
    connect(m_cancelImport, &QToolButton::clicked, task, &PhotoImportTask::cancel);
    connect(task, &PhotoImportTask::progress, m_importProgress, [this](int done, int total) {
        m_importProgress->setRange(0, total);
        m_importProgress->setValue(done);
    });
    connect(task, &PhotoImportTask::finished, this,
            [this, task, anchor, target](const ImportResult &result) {
                task->deleteLater();
                if (--m_imports == 0) {
                    m_importProgress->hide();
                    m_cancelImport->hide();
                }
                QList<PhotoImport> imports = result.imported;
                QStringList captions;
                QSettings settings;
                if (!imports.isEmpty() && target == PhotoTarget::Body &&
                    settings.value(QStringLiteral("photos/askAltText"), true).toBool()) {
                    AltTextDialog dialog(imports, this);
                    if (dialog.exec() == QDialog::Accepted) {
                        imports = dialog.imports();
                        captions = dialog.captions();
                    }
                    settings.setValue(QStringLiteral("photos/askAltText"), dialog.askAgain());
                }
                if (!imports.isEmpty() && target == PhotoTarget::FeaturedImage) {
                    const QString error = m_document->applyFieldEdit(
                        FieldEdit::string(QStringLiteral("image"), imports.first().link));
                    if (!error.isEmpty())
                        showMessage(error);
                } else if (!imports.isEmpty()) {
                    QTextCursor cursor = anchor;
                    cursor.beginEditBlock();
                    QString block =
                        PhotoImportTask::markdownBlock(imports, captions) + QLatin1Char('\n');
                    if (cursor.positionInBlock() > 0)
                        block.prepend(QLatin1Char('\n'));
                    cursor.insertText(block);
                    cursor.endEditBlock();
                    m_editor->setTextCursor(cursor);
                }
                showMessage(PhotoImportTask::summary(result), 12000);
                if (!result.errors.isEmpty()) {
                    showError(tr("Some Photos Were Not Imported"),
                              result.errors.join(QLatin1Char('\n')) +
                                  tr("\n\nThe other photos were imported."));
                }
            });
    task->start();
}

void MainWindow::importPastedImage(const QImage &image, int position)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::TempLocation) +
                           QStringLiteral("/meetdown-pasted");
    QDir().mkpath(folder);
    const QString path = QDir(folder).filePath(
        QStringLiteral("pasted-image-%1.png")
            .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    if (!image.save(path, "PNG")) {
        showError(tr("Paste Failed"), tr("The pasted image could not be saved to %1.").arg(path));
        return;
    }
    importPhotos({path}, position);
}

int MainWindow::launch(const QStringList &arguments)
{
    QList<MainWindow *> windows;
    for (const QString &arg : arguments) {
        auto *window = new MainWindow;
        const QFileInfo info(arg);
        if (info.isDir()) {
            const QString error = window->openSite(arg);
            if (!error.isEmpty()) {
                window->newReport();
                QTimer::singleShot(0, window, [window, error] {
                    window->showError(tr("Not a Jekyll Site"), error);
                });
            }
        } else {
            const QString error = window->openFile(arg);
            if (!error.isEmpty()) {
                window->newReport(Site::findRoot(info.absolutePath()));
                QTimer::singleShot(
                    0, window, [window, error] { window->showError(tr("Cannot Open"), error); });
            }
        }
        windows.append(window);
    }

    const QList<JournalEntry> orphans = Journal(journalFolder()).orphans();
    for (const JournalEntry &entry : orphans) {
        const QString name =
            entry.path.isEmpty() ? tr("a new post") : QFileInfo(entry.path).fileName();
        QString text =
            tr("Meetdown closed unexpectedly while you were editing %1. Your unsaved edits from %2 "
               "were kept.\n\nRecover them?")
                .arg(name, QLocale().toString(entry.written, QLocale::ShortFormat));
        if (!entry.path.isEmpty() && Journal::hashOfFile(entry.path) != entry.diskHash) {
            text += tr("\n\nThe file on disk has changed since then. Your edits open as unsaved "
                       "changes; the "
                       "file is not touched until you save, and saving will ask first.");
        }
        QMessageBox box(QMessageBox::Question, tr("Recover Unsaved Edits"), text);
        QPushButton *recoverButton = box.addButton(tr("Recover"), QMessageBox::AcceptRole);
        QPushButton *discardButton = box.addButton(tr("Discard"), QMessageBox::DestructiveRole);
        box.addButton(tr("Ask Later"), QMessageBox::RejectRole);
        box.exec();
        if (box.clickedButton() == recoverButton) {
            auto *window = new MainWindow;
            window->recover(entry);
            windows.append(window);
        } else if (box.clickedButton() == discardButton) {
            Journal(journalFolder()).remove(entry.id);
        }
    }

    if (windows.isEmpty()) {
        auto *window = new MainWindow;
        window->newReport();
        windows.append(window);
    }
    for (MainWindow *window : windows)
        window->present();
    return QApplication::exec();
}

void MainWindow::present()
{
    show();
    // A window opened from another one comes to the front with the keyboard, so Ctrl+S right
    // after Ctrl+N saves the new report, not the window behind it.
    raise();
    activateWindow();
    m_editor->setFocus();
}

} // namespace Meetdown
