#include "photoimporttask.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QThreadPool>

#include <sys/resource.h>

namespace Meetdown {

PhotoImportTask::PhotoImportTask(const QString &postPath, const QStringList &photos,
                                 const ImportOptions &options, QObject *parent)
    : QObject(parent), m_postPath(postPath), m_photos(photos), m_options(options),
      m_cancelled(std::make_shared<std::atomic_bool>(false))
{
    qRegisterMetaType<Meetdown::ImportResult>();
}

PhotoImportTask::~PhotoImportTask()
{
    m_cancelled->store(true);
}

void PhotoImportTask::start()
{
    QPointer<PhotoImportTask> self(this);
    const auto cancelled = m_cancelled;
    const QString postPath = m_postPath;
    const QStringList photos = m_photos;
    const ImportOptions options = m_options;
    QThreadPool::globalInstance()->start([self, cancelled, postPath, photos, options] {
        // Photo work yields the CPU to the GUI thread, so typing stays smooth on two cores.
        // On Linux this nice value is per thread, and the importer's own threads inherit it.
        const int oldNice = getpriority(PRIO_PROCESS, 0);
        setpriority(PRIO_PROCESS, 0, 10);
        const ImportResult result = PhotoImporter::import(
            postPath, photos, options, [cancelled] { return cancelled->load(); },
            [self](int done, int total) {
                // Queued: the importer holds its lock while it reports.
                if (self)
                    QMetaObject::invokeMethod(
                        self,
                        [self, done, total] {
                            if (self)
                                emit self->progress(done, total);
                        },
                        Qt::QueuedConnection);
            });
        setpriority(PRIO_PROCESS, 0, oldNice);
        if (self)
            QMetaObject::invokeMethod(
                self,
                [self, result] {
                    if (self)
                        emit self->finished(result);
                },
                Qt::QueuedConnection);
    });
}

void PhotoImportTask::cancel()
{
    m_cancelled->store(true);
}

QString PhotoImportTask::markdownBlock(const QList<PhotoImport> &imports,
                                       const QStringList &captions)
{
    QStringList lines;
    for (int i = 0; i < imports.size(); ++i) {
        lines.append(PhotoImporter::markdownFor(imports.at(i)));
        const QString caption = captions.value(i).trimmed();
        if (!caption.isEmpty())
            lines.append(QLatin1Char('*') + caption + QLatin1Char('*'));
    }
    return lines.join(QLatin1Char('\n'));
}

QString PhotoImportTask::summary(const ImportResult &result)
{
    if (result.imported.isEmpty())
        return result.cancelled ? tr("Photo import cancelled.") : tr("No photos were imported.");
    int resized = 0;
    int located = 0;
    for (const PhotoImport &p : result.imported) {
        resized += p.resized;
        located += p.locationRemoved;
    }
    QString text = tr("Imported %n photo(s) into %1", nullptr, int(result.imported.size()))
                       .arg(QDir::toNativeSeparators(
                           QFileInfo(result.imported.first().writtenPath).absolutePath()));
    if (resized)
        text += tr("; %n scaled down", nullptr, resized);
    // Said out loud: the location in a phone photo tells where the people in it were.
    if (located)
        text += tr("; location data removed from %n", nullptr, located);
    if (result.cancelled)
        text += tr("; the rest was cancelled");
    return text + QLatin1Char('.');
}

} // namespace Meetdown
