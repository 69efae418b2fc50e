#ifndef MEETDOWN_PREVIEW_PREVIEWBRIDGE_H
#define MEETDOWN_PREVIEW_PREVIEWBRIDGE_H

#include <QObject>
#include <QVariantMap>

namespace Meetdown {

// The one object the preview page sees over QWebChannel. `update` holds the newest revision of
// the post as a patch against the revision before it (see PreviewView::push for its fields);
// the page applies it and acknowledges it, which is how the view knows the DOM is up to date
// and may send the next one. A page that cannot apply a patch (it was just loaded, or missed
// one) asks for a resync and gets the whole post. `style` is the look (its fields are in
// PreviewView::styleState): the page applies it in place, keeping the reader's place, and
// acknowledges it once its stylesheets have loaded.
class PreviewBridge final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewBridge)
    Q_PROPERTY(QVariantMap update READ update NOTIFY updateChanged)
    Q_PROPERTY(int scrollLine READ scrollLine NOTIFY scrollLineChanged)
    Q_PROPERTY(QVariantMap style READ style NOTIFY styleChanged)
public:
    explicit PreviewBridge(QObject *parent = nullptr);
    ~PreviewBridge() override;

    QVariantMap update() const { return m_update; }
    int scrollLine() const { return m_scrollLine; }
    QVariantMap style() const { return m_style; }

    void setUpdate(const QVariantMap &update);
    // Sent even when the line is unchanged: the reader may have scrolled the page since.
    void setScrollLine(int line);
    void setStyle(const QVariantMap &style);

    // Called by the page's script.
    Q_INVOKABLE void acknowledge(int revision);
    Q_INVOKABLE void resync();
    Q_INVOKABLE void acknowledgeStyle(int revision);

signals:
    void updateChanged();
    void scrollLineChanged();
    void acknowledged(int revision);
    void resyncRequested();
    void styleChanged();
    void styleAcknowledged(int revision);

private:
    QVariantMap m_update;
    int m_scrollLine = 0;
    QVariantMap m_style;
};

} // namespace Meetdown

#endif
