#ifndef MEETDOWN_EDITOR_FILEIO_H
#define MEETDOWN_EDITOR_FILEIO_H

#include <QByteArray>
#include <QString>

namespace Meetdown {

struct ReadResult
{
    QByteArray bytes;
    QString error; // empty on success; says what went wrong, without the path
};

class FileIO final
{
public:
    // Refuses files larger than maxBytes before reading them, so a huge file costs nothing.
    static ReadResult read(const QString &path, qsizetype maxBytes);
    // Writes through a temporary file and a rename: on any failure the file on disk is exactly
    // as before. A symlink stays a symlink (its target is replaced) and permissions are kept.
    // Returns an empty string on success, else what happened and where.
    static QString write(const QString &path, const QByteArray &bytes);

    FileIO() = delete;
};

} // namespace Meetdown

#endif
