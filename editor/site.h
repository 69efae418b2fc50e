#ifndef MEETDOWN_EDITOR_SITE_H
#define MEETDOWN_EDITOR_SITE_H

#include "diagnostic.h"
#include "jekyllyaml.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <functional>

namespace Meetdown {

class Post;

// A Jekyll site: a folder with a _config.yml, read the way Jekyll reads it.
class Site final
{
public:
    Site() = default;
    // The site folder at or above path (a post or a folder), or an empty string.
    static QString findRoot(const QString &path);
    static Site load(const QString &root);

    bool isValid() const { return !m_root.isEmpty(); }
    QString root() const { return m_root; }
    QString configPath() const;
    // Problems in _config.yml, with 1-based lines (a Ruby symbol stops Jekyll 4.3 altogether).
    Diagnostics configDiagnostics() const { return m_diagnostics; }
    YamlMap config() const { return m_config; }
    QVariant configValue(const QString &key) const;

    QString baseurl() const;
    QString url() const;
    // The site's `timezone`, else the computer's, as Jekyll sets TZ from it.
    QTimeZone timeZone() const;
    QString permalink() const;

    // Front matter defaults that apply to a file (path relative to the site root), merged.
    YamlMap defaultsFor(const QString &relativePath, const QString &type) const;

    // The URL Jekyll gives a post at relativePath ("_posts/2024-05-01-x.md"), baseurl excluded.
    QString postUrl(const QString &relativePath, const Post &post) const;
    // The URL Jekyll's `{% link path %}` gives the file at relativePath ("_posts/2024-05-01-x.md",
    // "about.md", "slides/talk.pdf"), baseurl excluded, or an empty string where Jekyll finds no
    // such document, page or static file and stops the build.
    QString linkUrl(const QString &relativePath) const;
    // Whether Jekyll reads the file or folder at relativePath at all: not one whose name, or a
    // folder's, starts with _ . # or ends in ~ (unless `include:` names it), nor what `exclude:`
    // or Jekyll's own exclusions (Gemfile, node_modules, vendor/…) name.
    bool isPublished(const QString &relativePath) const;
    // The same test with the site's patterns compiled once, for walking many files.
    std::function<bool(const QString &)> publishedFilter() const;
    // The file under _site that Jekyll writes for a URL.
    static QString outputPathForUrl(const QString &url);

    // The posts and drafts of the site, relative paths, sorted.
    QStringList postFiles() const;
    QStringList draftFiles() const;

private:
    QString m_root;
    YamlMap m_config;
    Diagnostics m_diagnostics;
};

} // namespace Meetdown

#endif
