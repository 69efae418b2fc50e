#ifndef MEETDOWN_PREVIEW_PREVIEWBRIDGE_H
#define MEETDOWN_PREVIEW_PREVIEWBRIDGE_H

#include <QObject>
#include <QString>

namespace Meetdown {

// The one object the preview page sees over QWebChannel. Its properties are what the page
// shows; the page's script applies each new revision and acknowledges it, which is how the
// view knows the DOM is up to date and when it may send the next one.
class PreviewBridge final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewBridge)
    Q_PROPERTY(QString header READ header NOTIFY contentChanged)
    Q_PROPERTY(QString body READ body NOTIFY contentChanged)
    Q_PROPERTY(bool truncated READ truncated NOTIFY contentChanged)
    Q_PROPERTY(int revision READ revision NOTIFY contentChanged)
    Q_PROPERTY(int scrollLine READ scrollLine NOTIFY scrollLineChanged)
public:
    explicit PreviewBridge(QObject *parent = nullptr);
    ~PreviewBridge() override;

    QString header() const { return m_header; }
    QString body() const { return m_body; }
    bool truncated() const { return m_truncated; }
    int revision() const { return m_revision; }
    int scrollLine() const { return m_scrollLine; }

    // Returns the revision the page will acknowledge once it shows this content.
    int setContent(const QString &header, const QString &body, bool truncated);
    // Sent even when the line is unchanged: the reader may have scrolled the page since.
    void setScrollLine(int line);

    // Called by the page's script.
    Q_INVOKABLE void acknowledge(int revision);

signals:
    void contentChanged();
    void scrollLineChanged();
    void acknowledged(int revision);

private:
    QString m_header;
    QString m_body;
    bool m_truncated = false;
    int m_revision = 0;
    int m_scrollLine = 0;
};

} // namespace Meetdown

#endif
