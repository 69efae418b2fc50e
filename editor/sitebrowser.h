#ifndef MEETDOWN_EDITOR_SITEBROWSER_H
#define MEETDOWN_EDITOR_SITEBROWSER_H

#include "site.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QWidget>

class QFileSystemWatcher;
class QLineEdit;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace Meetdown {

struct SiteEntry
{
    QString path;   // absolute
    QString title;  // from front matter, else the file name
    QDateTime date; // front matter `date`, else the file name's date (posts) or mtime (drafts)
    bool draft = false;
};

// The site sidebar: the posts newest first and the drafts below, a filter box, and the list
// kept in step with the disk.
class SiteBrowser final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SiteBrowser)

public:
    explicit SiteBrowser(QWidget *parent = nullptr);
    ~SiteBrowser() override;

    // Reads the site's posts off the GUI thread; the list fills in when scanned() comes.
    void setSite(const Site &site);
    QString siteRoot() const { return m_site.root(); }
    void setFilter(const QString &text);

    // Posts newest first, then drafts newest first. Reads every file: call it off the GUI thread.
    static QList<SiteEntry> scan(const Site &site);
    // The entries shown, in order, after the filter.
    QList<SiteEntry> visibleEntries() const;

signals:
    void postActivated(const QString &path);
    void scanned();

private:
    void rescan();
    void showEntries(const QList<SiteEntry> &entries);
    void applyFilter();
    void watchFolders();

    Site m_site;
    QLineEdit *m_filter;
    QTreeWidget *m_tree;
    QTreeWidgetItem *m_postsGroup;
    QTreeWidgetItem *m_draftsGroup;
    QFileSystemWatcher *m_watcher;
    QTimer *m_rescanTimer;
    QList<SiteEntry> m_entries;
    int m_generation = 0;
};

} // namespace Meetdown

#endif
