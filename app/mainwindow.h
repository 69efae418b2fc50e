#ifndef MEETDOWN_APP_MAINWINDOW_H
#define MEETDOWN_APP_MAINWINDOW_H

#include <editor/journal.h>
#include <editor/post.h>
#include <editor/site.h>

#include <QMainWindow>

class QAction;
class QActionGroup;
class QDockWidget;
class QImage;
class QLabel;
class QProgressBar;
class QToolButton;
class QMenu;
class QPlainTextEdit;
class QSplitter;
class QStackedWidget;
class QTimer;

namespace Meetdown {

class Document;
class FindBar;
class FrontMatterForm;
class MarkdownEditor;
class PreviewView;
class SiteBrowser;

// Wires the parts together: the document, the form, the Markdown pane and the preview. The
// parts do the work; this class connects them, owns the menus and asks the user questions.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens windows for the command-line arguments (a post, a site folder, or nothing for a new
    // report), offers to recover what a crash left in the journal, and runs the event loop.
    static int launch(const QStringList &arguments);

    QString openFile(const QString &path);
    // A new meetup report from the template, inside siteDir when it is a site.
    void newReport(const QString &siteDir = {});
    // The same, as an untitled draft whose suggested path is siteDir/_drafts/<slug>.md.
    void newDraft(const QString &siteDir);
    // File > Publish Draft: saves, moves the draft into _posts and follows it there.
    void publishDraft();
    // File > Rename to Match Title…: offers the name the title and date give, in the rename bar.
    void renameToMatchTitle();
    // Saves if needed, renames the post (photo folder and links along) and follows it there.
    // After the save newName must still be the name on offer or the one the title and date
    // give; otherwise the file keeps its name and the bar offers what the save gives. By value:
    // the save changes the offer, which the caller may have passed by reference.
    void renameFile(QString newName);
    // The bar above the editor that offers to rename the file after its title or date changed.
    QWidget *renameBar() const { return m_renameBar; }
    // File > Open Site…: the site at or above dir, in this window when it holds nothing yet (a new
    // report in the site, with its sidebar), else in a new one. Returns why not, for the user.
    QString openSite(const QString &dir);
    SiteBrowser *siteBrowser() const { return m_siteBrowser; }
    QDockWidget *siteDock() const { return m_siteDock; }

    Document *document() const { return m_document; }
    MarkdownEditor *editor() const { return m_editor; }
    FrontMatterForm *form() const { return m_form; }
    PreviewView *preview() const { return m_preview; }

    // The journal's folder: MEETDOWN_JOURNAL_DIR, else the app's data folder.
    static QString journalFolder();
    QString journalId() const { return m_journalId; }
    // Writes unsaved edits to the journal now (the timer does it every few seconds).
    void writeJournal();
    void recover(const JournalEntry &entry);

    bool save();
    bool saveAs();
    // File > Export to Site… and Export HTML…: ask where, export the post as the window has it
    // (unsaved edits included) and say what was written.
    void exportToSite();
    void exportHtml();

    // Imports photos into the site (or beside the post) off the GUI thread, then inserts their
    // Markdown at position in the body, or makes the first one the featured image.
    enum class PhotoTarget
    {
        Body,
        FeaturedImage
    };
    void importPhotos(const QStringList &paths, int position,
                      PhotoTarget target = PhotoTarget::Body);
    // True while photos are being imported.
    bool isImporting() const { return m_imports > 0; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildUi();
    void buildMenus();
    void restoreSettings();
    void saveSettings() const;
    void updateTitle();
    void updatePreview();
    void updateStats();
    void onPathChanged(const QString &path);
    // The look chosen in View > Preview Style, for the current site; announce says why the
    // site's look is not available even when the post is in no site.
    void applyPreviewStyle(bool announce);
    void onFrontMatterChanged();
    void onFileChangedOnDisk();
    void showRawFrontMatter(bool show);
    bool maybeSave();
    bool formReadyToSave();
    bool saveAsChecked();
    // True when the file on disk has not changed since it was read, or the user agrees to
    // replace what another program wrote there.
    bool replaceChangesOnDisk();
    // Shows the window in front, with the keyboard in its editor.
    void present();
    void openDialog();
    void openInWindow(const QString &path);
    void addRecent(const QString &path);
    void rebuildRecentMenu();
    void goToLine();
    void showMessage(const QString &text, int timeout = 6000);
    void showError(const QString &title, const QString &text);
    void importPastedImage(const QImage &image, int position);
    QWidget *buildRenameBar();
    void resetRenameOffer();
    void offerRename();
    void showRenameBar(const QString &name, const QString &why);
    void hideRenameBar();

    Document *m_document;
    FrontMatterForm *m_form;
    QPlainTextEdit *m_rawFrontMatter;
    QLabel *m_rawStatus;
    QWidget *m_rawPanel;
    QStackedWidget *m_formStack;
    MarkdownEditor *m_editor;
    FindBar *m_findBar;
    PreviewView *m_preview;
    QSplitter *m_splitter;
    QLabel *m_statsLabel;
    QLabel *m_positionLabel;
    QProgressBar *m_importProgress;
    QToolButton *m_cancelImport;
    int m_imports = 0;
    QMenu *m_recentMenu = nullptr;
    QAction *m_remoteAction = nullptr;
    QActionGroup *m_styleGroup = nullptr;
    QAction *m_newDraftAction = nullptr;
    QAction *m_publishAction = nullptr;
    SiteBrowser *m_siteBrowser = nullptr;
    QDockWidget *m_siteDock = nullptr;
    QTimer *m_previewTimer;
    QTimer *m_statsTimer;
    QTimer *m_journalTimer;
    Site m_site;
    QString m_journalId;
    QByteArray m_journaledHash;
    bool m_askingAboutDisk = false;
    QWidget *m_renameBar = nullptr;
    QLabel *m_renameLabel = nullptr;
    QAction *m_renameAction = nullptr;
    // The post as opened (or last renamed or saved under a new name): what changed is measured
    // against it. The name on offer, and the one the user chose to keep the file without.
    Post m_renameBaseline;
    QString m_offeredName;
    QString m_declinedName;
};

} // namespace Meetdown

#endif
