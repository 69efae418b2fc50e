#include "fileio.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace Meetdown {

ReadResult FileIO::read(const QString &path, qsizetype maxBytes)
{
    ReadResult result;
    QFileInfo info(path);
    if (!info.exists()) {
        result.error = QStringLiteral("no such file");
        return result;
    }
    if (info.isDir()) {
        result.error = QStringLiteral("is a folder, not a post");
        return result;
    }
    if (info.size() > maxBytes) {
        result.error = QStringLiteral("the file is %1 MB; Meetdown opens posts up to %2 MB")
                           .arg(double(info.size()) / (1024 * 1024), 0, 'f', 1)
                           .arg(maxBytes / (1024 * 1024));
        return result;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        result.error = file.errorString();
        return result;
    }
    result.bytes = file.read(maxBytes + 1);
    if (file.error() != QFileDevice::NoError) {
        result.error = file.errorString();
        result.bytes.clear();
    } else if (result.bytes.size() > maxBytes) {
        result.error =
            QStringLiteral("the file is larger than %1 MB").arg(maxBytes / (1024 * 1024));
        result.bytes.clear();
    }
    return result;
}

QString FileIO::write(const QString &path, const QByteArray &bytes)
{
    const QFileInfo info(path);
    QString target = path;
    if (info.isSymLink()) {
        const QString canonical = info.canonicalFilePath();
        target = canonical.isEmpty() ? info.symLinkTarget() : canonical;
    }
    const QFileInfo targetInfo(target);
    const bool existed = targetInfo.exists();
    // The *User flags are what the running user may do (root may write anything), not the
    // file's mode; restoring them would make a read-only file writable.
    const QFileDevice::Permissions permissions =
        targetInfo.permissions() &
        ~(QFileDevice::ReadUser | QFileDevice::WriteUser | QFileDevice::ExeUser);

    auto failure = [&](const QString &reason) {
        return existed ? QStringLiteral("Could not save %1: %2. The file on disk was not changed.")
                             .arg(target, reason)
                       : QStringLiteral("Could not save %1: %2. Nothing was written.")
                             .arg(target, reason);
    };
    if (existed && targetInfo.isDir())
        return failure(QStringLiteral("it is a folder"));

    // The new bytes go to a temporary file beside the target, then replace it: the folder must
    // take new files even when the file itself is writable.
    const QFileInfo folder(targetInfo.absolutePath());
    if (folder.isDir() && !folder.isWritable())
        return failure(QStringLiteral("the folder %1 does not let you create files (saving "
                                      "writes a new copy there, then swaps it in)")
                           .arg(folder.absoluteFilePath()));
    QSaveFile file(target);
    if (!file.open(QIODevice::WriteOnly))
        return failure(file.errorString());
    const qint64 written = file.write(bytes);
    if (written != bytes.size()) {
        const QString reason = file.errorString();
        file.cancelWriting();
        return failure(reason.isEmpty() ? QStringLiteral("the write was incomplete") : reason);
    }
    if (!file.commit())
        return failure(file.errorString());
    if (existed)
        QFile::setPermissions(target, permissions);
    return QString();
}

} // namespace Meetdown
