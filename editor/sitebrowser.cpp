#include "sitebrowser.h"

#include "fileio.h"
#include "jekyllrules.h"
#include "post.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLineEdit>
#include <QLocale>
#include <QStyle>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>

namespace Meetdown {

namespace {

constexpr int PathRole = Qt::UserRole;
// Saving a post is several file events (temporary file, rename); they become one scan.
constexpr int RescanDelayMs = 250;
// Front matter sits at the top; a post's title needs no more than this.
constexpr qsizetype HeadBytes = 64 * 1024;

QStringList postFilesUnder(const QString &folder)
{
    QStringList out;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (JekyllRules::isMarkdownExtension(QLatin1Char('.') + QFileInfo(path).suffix()))
            out.append(path);
    }
    return out;
}

SiteEntry entryFor(const QString &path, bool draft, const QTimeZone &zone)
{
    SiteEntry entry;
    entry.path = path;
    entry.draft = draft;
    const QFileInfo info(path);
    QByteArray head;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly))
        head = file.read(HeadBytes);
    const Post post = Post::fromBytes(head);
    entry.title = post.value(QStringLiteral("title")).toString().trimmed();
    if (entry.title.isEmpty())
        entry.title = info.fileName();
    if (const auto date = JekyllRules::postDate(post.value(QStringLiteral("date")), zone))
        entry.date = *date;
    if (!entry.date.isValid()) {
        const PostFileName name = JekyllRules::parsePostFileName(info.fileName());
        entry.date = name.date.isValid() ? JekyllRules::inZone(name.date, QTime(0, 0), zone)
                                         : info.lastModified();
    }
    return entry;
}

} // namespace

SiteBrowser::SiteBrowser(QWidget *parent)
    : QWidget(parent), m_filter(new QLineEdit), m_tree(new QTreeWidget),
      m_watcher(new QFileSystemWatcher(this)), m_rescanTimer(new QTimer(this))
{
    m_filter->setPlaceholderText(tr("Filter posts"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setObjectName(QStringLiteral("siteFilter"));
    m_tree->setObjectName(QStringLiteral("siteTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Title"), tr("Date")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setRootIsDecorated(false);
    m_postsGroup = new QTreeWidgetItem(m_tree, {tr("Posts")});
    m_draftsGroup = new QTreeWidgetItem(m_tree, {tr("Drafts")});
    for (QTreeWidgetItem *group : {m_postsGroup, m_draftsGroup}) {
        group->setFlags(Qt::ItemIsEnabled);
        group->setFirstColumnSpanned(true);
        QFont bold = group->font(0);
        bold.setBold(true);
        group->setFont(0, bold);
        group->setExpanded(true);
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree, 1);

    m_rescanTimer->setSingleShot(true);
    m_rescanTimer->setInterval(RescanDelayMs);
    connect(m_rescanTimer, &QTimer::timeout, this, &SiteBrowser::rescan);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_rescanTimer,
            qOverload<>(&QTimer::start));
    connect(m_filter, &QLineEdit::textChanged, this, &SiteBrowser::applyFilter);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString path = item->data(0, PathRole).toString();
        if (!path.isEmpty())
            emit postActivated(path);
    });
    // One click opens, as in a file browser sidebar; itemActivated covers the keyboard.
    connect(m_tree, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem *item) {
        const QString path = item->data(0, PathRole).toString();
        if (!path.isEmpty() &&
            !m_tree->style()->styleHint(QStyle::SH_ItemView_ActivateItemOnSingleClick))
            emit postActivated(path);
    });
}

SiteBrowser::~SiteBrowser() = default;

void SiteBrowser::setSite(const Site &site)
{
    m_site = site;
    m_entries.clear();
    showEntries({});
    rescan();
}

void SiteBrowser::setFilter(const QString &text)
{
    m_filter->setText(text);
}

QList<SiteEntry> SiteBrowser::scan(const Site &site)
{
    QList<SiteEntry> posts;
    QList<SiteEntry> drafts;
    if (!site.isValid())
        return {};
    const QTimeZone zone = site.timeZone();
    const QDir root(site.root());
    for (const QString &path : postFilesUnder(root.filePath(QStringLiteral("_posts"))))
        posts.append(entryFor(path, false, zone));
    for (const QString &path : postFilesUnder(root.filePath(QStringLiteral("_drafts"))))
        drafts.append(entryFor(path, true, zone));
    const auto newestFirst = [](const SiteEntry &a, const SiteEntry &b) {
        return a.date != b.date ? a.date > b.date : a.path > b.path;
    };
    std::sort(posts.begin(), posts.end(), newestFirst);
    std::sort(drafts.begin(), drafts.end(), newestFirst);
    return posts + drafts;
}

QList<SiteEntry> SiteBrowser::visibleEntries() const
{
    QList<SiteEntry> out;
    for (QTreeWidgetItem *group : {m_postsGroup, m_draftsGroup}) {
        for (int i = 0; i < group->childCount(); ++i) {
            const QTreeWidgetItem *item = group->child(i);
            if (item->isHidden())
                continue;
            const QString path = item->data(0, PathRole).toString();
            for (const SiteEntry &entry : m_entries) {
                if (entry.path == path)
                    out.append(entry);
            }
        }
    }
    return out;
}

void SiteBrowser::rescan()
{
    watchFolders();
    const int generation = ++m_generation;
    auto *watcher = new QFutureWatcher<QList<SiteEntry>>(this);
    connect(watcher, &QFutureWatcher<QList<SiteEntry>>::finished, this,
            [this, watcher, generation] {
                watcher->deleteLater();
                // A scan of a site we have left, or one overtaken by a newer scan, is dropped.
                if (generation != m_generation)
                    return;
                showEntries(watcher->result());
                emit scanned();
            });
    watcher->setFuture(QtConcurrent::run([site = m_site] { return scan(site); }));
}

void SiteBrowser::watchFolders()
{
    const QStringList old = m_watcher->directories();
    if (!old.isEmpty())
        m_watcher->removePaths(old);
    if (!m_site.isValid())
        return;
    const QDir root(m_site.root());
    // The root too, so that a _drafts folder created later is noticed.
    QStringList folders = {root.absolutePath()};
    for (const QString &name : {QStringLiteral("_posts"), QStringLiteral("_drafts")}) {
        const QString folder = root.filePath(name);
        if (!QFileInfo(folder).isDir())
            continue;
        folders.append(folder);
        QDirIterator it(folder, QDir::Dirs | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            folders.append(it.next());
    }
    m_watcher->addPaths(folders);
}

void SiteBrowser::showEntries(const QList<SiteEntry> &entries)
{
    m_entries = entries;
    const QString current =
        m_tree->currentItem() ? m_tree->currentItem()->data(0, PathRole).toString() : QString();
    for (QTreeWidgetItem *group : {m_postsGroup, m_draftsGroup})
        qDeleteAll(group->takeChildren());
    const QLocale locale;
    for (const SiteEntry &entry : entries) {
        auto *item = new QTreeWidgetItem(entry.draft ? m_draftsGroup : m_postsGroup);
        item->setText(0, entry.title);
        item->setText(1, locale.toString(entry.date.date(), QLocale::ShortFormat));
        // The column is narrow: the whole title, and which file it is.
        item->setToolTip(0, entry.title + QLatin1Char('\n') +
                                QDir(m_site.root()).relativeFilePath(entry.path));
        item->setData(0, PathRole, entry.path);
        if (entry.path == current)
            m_tree->setCurrentItem(item);
    }
    applyFilter();
}

void SiteBrowser::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    for (QTreeWidgetItem *group : {m_postsGroup, m_draftsGroup}) {
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem *item = group->child(i);
            const QString fileName = QFileInfo(item->data(0, PathRole).toString()).fileName();
            item->setHidden(!needle.isEmpty() &&
                            !item->text(0).contains(needle, Qt::CaseInsensitive) &&
                            !fileName.contains(needle, Qt::CaseInsensitive));
        }
        group->setHidden(group->childCount() == 0);
    }
}

} // namespace Meetdown
