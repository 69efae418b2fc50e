#ifndef MEETDOWN_APP_PHOTOIMPORTTASK_H
#define MEETDOWN_APP_PHOTOIMPORTTASK_H

#include <editor/photoimporter.h>

#include <QObject>

#include <atomic>
#include <memory>

namespace Meetdown {

// One batch of photos imported on a worker thread, so that typing stays smooth: progress and
// the result arrive as queued signals, and cancel() stops it between photos.
class PhotoImportTask final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PhotoImportTask)

public:
    PhotoImportTask(const QString &postPath, const QStringList &photos,
                    const ImportOptions &options, QObject *parent = nullptr);
    ~PhotoImportTask() override;

    void start();
    void cancel();
    QStringList photos() const { return m_photos; }

    // The Markdown for a batch: one `![alt](link)` line per photo, with an optional caption.
    static QString markdownBlock(const QList<PhotoImport> &imports,
                                 const QStringList &captions = {});
    // A line for the status bar: where the photos went, and what was done to them.
    static QString summary(const ImportResult &result);

signals:
    void progress(int done, int total);
    void finished(const Meetdown::ImportResult &result);

private:
    QString m_postPath;
    QStringList m_photos;
    ImportOptions m_options;
    std::shared_ptr<std::atomic_bool> m_cancelled;
};

} // namespace Meetdown

Q_DECLARE_METATYPE(Meetdown::ImportResult)

#endif
