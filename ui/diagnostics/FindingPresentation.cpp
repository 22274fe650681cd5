#include "FindingPresentation.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPainter>
#include <QPixmap>

namespace fw {

namespace {
QColor severityColor(Finding::Severity s)
{
    switch (s) {
    case Finding::Critical:
        return QColor(0xd3, 0x3b, 0x2f);
    case Finding::Warning:
        return QColor(0xe0, 0xa0, 0x00);
    case Finding::Info:
        break;
    }
    return QColor(0x8a, 0x8f, 0x98);
}

QPixmap severityPixmap(Finding::Severity s, int size, qreal dpr)
{
    QPixmap pm(QSize(size, size) * dpr);
    pm.setDevicePixelRatio(dpr);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r(1, 1, size - 2, size - 2);
    p.setPen(Qt::NoPen);
    p.setBrush(severityColor(s));
    if (s == Finding::Warning) {
        QPolygonF triangle;
        triangle << QPointF(r.center().x(), r.top()) << r.bottomRight() << r.bottomLeft();
        p.drawPolygon(triangle);
    } else {
        p.drawEllipse(r);
    }
    // A white mark: "!" for critical and warning, "i" for info.
    p.setPen(QPen(Qt::white, std::max(1.5, size / 8.0), Qt::SolidLine, Qt::RoundCap));
    const qreal x = r.center().x();
    if (s == Finding::Info) {
        p.drawLine(QPointF(x, r.top() + size * 0.45), QPointF(x, r.bottom() - size * 0.2));
        p.drawPoint(QPointF(x, r.top() + size * 0.25));
    } else {
        p.drawLine(QPointF(x, r.top() + size * 0.3), QPointF(x, r.bottom() - size * 0.35));
        p.drawPoint(QPointF(x, r.bottom() - size * 0.18));
    }
    return pm;
}

QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isBool())
        return v.toBool() ? FindingPresentation::tr("yes") : FindingPresentation::tr("no");
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 12);
    if (v.isArray()) {
        const QJsonArray a = v.toArray();
        bool simple = true;
        QStringList parts;
        for (const QJsonValue &e : a) {
            if (e.isObject() || e.isArray())
                simple = false;
            parts << valueText(e);
        }
        return simple ? parts.join(QStringLiteral(", "))
                      : FindingPresentation::tr("%n item(s)", "", int(a.size()));
    }
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    return QStringLiteral("-");
}
} // namespace

QIcon FindingPresentation::severityIcon(Finding::Severity severity)
{
    QIcon icon;
    for (int size : { 16, 24, 32 }) {
        icon.addPixmap(severityPixmap(severity, size, 1.0));
        icon.addPixmap(severityPixmap(severity, size, 2.0));
    }
    return icon;
}

QString FindingPresentation::severityTitle(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Critical:
        return tr("Critical");
    case Finding::Warning:
        return tr("Warning");
    case Finding::Info:
        break;
    }
    return tr("Information");
}

QStringList FindingPresentation::evidenceLines(const QJsonObject &evidence)
{
    QStringList lines;
    for (auto it = evidence.constBegin(); it != evidence.constEnd(); ++it) {
        if (it.key() == u"samples" && it.value().isArray()) {
            const QJsonArray samples = it.value().toArray();
            lines << tr("samples: %n frame(s)", "", int(samples.size()));
            for (qsizetype i = 0; i < std::min<qsizetype>(samples.size(), 3); ++i) {
                const QJsonObject s = samples.at(i).toObject();
                const QString bytes = s.contains(QStringLiteral("hex"))
                    ? s.value(QStringLiteral("hex")).toString()
                    : s.value(QStringLiteral("text")).toString();
                QString line = QStringLiteral("  ") + s.value(QStringLiteral("peer")).toString()
                    + QStringLiteral(": ") + bytes.left(80);
                if (s.contains(QStringLiteral("looksLike")))
                    line += QStringLiteral("  ")
                        + tr("(looks like %1)")
                              .arg(s.value(QStringLiteral("looksLike")).toString());
                lines << line;
            }
            continue;
        }
        lines << tr("%1: %2").arg(it.key(), valueText(it.value()));
    }
    return lines;
}

} // namespace fw
