#include "ReportPdfWriter.h"

#include "ReportChartPainter.h"
#include "ReportTableModel.h"
#include "map/MapWidget.h"

#include <QApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>

namespace fw {

namespace {
constexpr int kResolution = 150; // dots per inch of the page's coordinates

// Walks down a page, starting a new one when the next block does not fit.
class PageFlow
{
public:
    PageFlow(QPdfWriter &writer, QPainter &painter)
        : m_writer(writer)
        , m_painter(painter)
        , m_page(QRectF(painter.viewport()))
        , m_y(m_page.top())
    { }

    QRectF page() const { return m_page; }
    double y() const { return m_y; }
    void advance(double height) { m_y += height; }
    double left() const { return m_page.bottom() - m_y; }
    void ensure(double height)
    {
        if (m_y + height > m_page.bottom() && m_y > m_page.top())
            newPage();
    }
    void newPage()
    {
        m_writer.newPage();
        m_y = m_page.top();
        m_painter.setPen(Qt::black);
    }

private:
    QPdfWriter &m_writer;
    QPainter &m_painter;
    QRectF m_page;
    double m_y;
};

QFont withSize(QFont font, double points, bool bold = false)
{
    font.setPointSizeF(points);
    font.setBold(bold);
    // No ligatures ("ff" as one glyph): names must stay searchable and copyable as typed. Any
    // letter spacing turns them off; this much is invisible.
    font.setLetterSpacing(QFont::AbsoluteSpacing, 0.01);
    return font;
}

QPalette printPalette()
{
    QPalette pal;
    pal.setColor(QPalette::Base, Qt::white);
    pal.setColor(QPalette::Window, Qt::white);
    pal.setColor(QPalette::Text, Qt::black);
    pal.setColor(QPalette::WindowText, Qt::black);
    pal.setColor(QPalette::Mid, QColor(0x99, 0x99, 0x99));
    pal.setColor(QPalette::PlaceholderText, QColor(0x66, 0x66, 0x66));
    pal.setColor(QPalette::Highlight, QColor(0x30, 0x6e, 0xd8));
    return pal;
}

QString periodText(const ReportResult &r)
{
    return ReportPdfWriter::tr("%1 to %2")
        .arg(ReportTableModel::timeText(r.from), ReportTableModel::timeText(r.to));
}
} // namespace

QString ReportPdfWriter::kindTitle(ReportKind kind)
{
    switch (kind) {
    case ReportKind::Trips:
        return tr("Trips");
    case ReportKind::Stops:
        return tr("Stops");
    case ReportKind::Summary:
        return tr("Summary");
    case ReportKind::Events:
        return tr("Events");
    case ReportKind::Visits:
        return tr("Geofence visits");
    }
    return {};
}

QColor ReportPdfWriter::deviceColor(int index)
{
    static const QColor colors[] = { QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28),
        QColor(0x2c, 0xa0, 0x2c), QColor(0x94, 0x67, 0xbd), QColor(0xff, 0x7f, 0x0e),
        QColor(0x8c, 0x56, 0x4b), QColor(0xe3, 0x77, 0xc2), QColor(0x17, 0xbe, 0xcf),
        QColor(0xbc, 0xbd, 0x22), QColor(0x7f, 0x7f, 0x7f) };
    return colors[index % int(std::size(colors))];
}

QStringList ReportPdfWriter::totalsLines(const ReportResult &r)
{
    QStringList lines;
    const QLocale locale;
    switch (r.kind) {
    case ReportKind::Trips: {
        double km = 0;
        qint64 seconds = 0;
        for (const TripRecord &t : r.trips) {
            km += t.distanceKm;
            seconds += t.durationS();
        }
        lines << tr("Trips: %1").arg(r.trips.size())
              << tr("Distance: %1 km").arg(locale.toString(km, 'f', 1))
              << tr("Driving time: %1").arg(ReportTableModel::durationText(seconds));
        break;
    }
    case ReportKind::Stops: {
        qint64 seconds = 0;
        for (const StopRecord &s : r.stops)
            seconds += s.durationS();
        lines << tr("Stops: %1").arg(r.stops.size())
              << tr("Time stopped: %1").arg(ReportTableModel::durationText(seconds));
        break;
    }
    case ReportKind::Summary: {
        const SummaryRecord total = r.total();
        lines << tr("Distance: %1 km").arg(locale.toString(total.distanceKm, 'f', 1))
              << tr("Moving time: %1").arg(ReportTableModel::durationText(total.movingS))
              << tr("Engine hours: %1").arg(ReportTableModel::durationText(total.engineHoursS))
              << tr("Maximum speed: %1 km/h").arg(locale.toString(total.maxSpeedKph, 'f', 0))
              << tr("Trips: %1").arg(total.trips);
        break;
    }
    case ReportKind::Events:
        lines << tr("Events: %1").arg(r.events.size());
        break;
    case ReportKind::Visits:
        lines << (r.hasGeofences ? tr("Visits: %1").arg(r.visits.size())
                                 : tr("There are no geofences to report visits of."));
        break;
    }
    if (!r.gaps.isEmpty() && (r.kind == ReportKind::Trips || r.kind == ReportKind::Stops))
        lines << tr("Periods without data (longer than an hour): %1").arg(r.gaps.size());
    return lines;
}

bool ReportPdfWriter::write(const ReportResult &r, const QString &path, QString *error) const
{
    QPdfWriter writer(path);
    writer.setResolution(kResolution);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
        QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter));
    const QString title = m_title.isEmpty() ? tr("FleetWatch report: %1").arg(kindTitle(r.kind))
                                            : m_title;
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("FleetWatch ") + QCoreApplication::applicationVersion());
    QPainter p;
    if (!p.begin(&writer)) {
        if (error)
            *error = tr("cannot create the file (is the folder writable?)");
        return false;
    }
    const QFont base = QApplication::font();
    const QPalette pal = printPalette();
    PageFlow flow(writer, p);
    const QRectF page = flow.page();
    const auto line = [&](const QString &text, const QFont &font, const QColor &color = Qt::black) {
        p.setFont(font);
        const QFontMetricsF fm(font, &writer);
        const QRectF box = fm.boundingRect(QRectF(page.left(), 0, page.width(), 1e6),
            Qt::TextWordWrap, text);
        flow.ensure(box.height());
        p.setPen(color);
        p.drawText(QRectF(page.left(), flow.y(), page.width(), box.height()), Qt::TextWordWrap,
            text);
        flow.advance(box.height() + fm.height() * 0.25);
    };

    // Title page: what, when, who, the totals, and the map.
    line(title, withSize(base, 20, true));
    line(periodText(r), withSize(base, 12));
    line(tr("Made on %1").arg(ReportTableModel::timeText(QDateTime::currentMSecsSinceEpoch())),
        withSize(base, 9), QColor(0x55, 0x55, 0x55));
    flow.advance(10);
    QStringList names;
    for (const QString &id : r.uniqueIds)
        names << (r.deviceName(id) == id ? id : QStringLiteral("%1 (%2)").arg(r.deviceName(id), id));
    constexpr int kNamesShown = 40;
    QString devices = names.mid(0, kNamesShown).join(QStringLiteral(", "));
    if (names.size() > kNamesShown)
        devices += QLatin1Char(' ') + tr("and %n more", nullptr, int(names.size() - kNamesShown));
    line(tr("Devices (%1): %2").arg(names.size()).arg(devices), withSize(base, 10));
    flow.advance(10);
    for (const QString &total : totalsLines(r))
        line(total, withSize(base, 12, true));
    flow.advance(10);

    QList<QString> tracked;
    for (const QString &id : r.uniqueIds) {
        if (r.tracks.value(id).size() >= 2)
            tracked << id;
    }
    if (!tracked.isEmpty()) {
        const double mapHeight = std::min(flow.left() - 40, page.width() * 0.75);
        if (mapHeight < page.width() * 0.35)
            flow.newPage();
        const double height = std::min(flow.left() - 40, page.width() * 0.75);
        // The map is drawn at screen resolution and scaled onto the page.
        const QSize pixels(900, int(900 * height / page.width()));
        MapWidget map;
        map.setAttribute(Qt::WA_DontShowOnScreen);
        map.resize(pixels);
        map.setPalette(pal);
        map.setTileSource(m_tiles);
        QList<QList<Position>> tracks;
        QList<QColor> colors;
        for (qsizetype i = 0; i < tracked.size(); ++i) {
            tracks << r.tracks.value(tracked.at(i));
            colors << deviceColor(int(i));
        }
        if (tracked.size() == 1)
            map.setTrack(tracks.first()); // one device: coloured by speed, with the legend
        else
            map.setOtherTracks(tracks, colors);
        map.fitTracks();
        QImage image(pixels, QImage::Format_RGB32);
        image.fill(Qt::white);
        map.render(&image);
        const QRectF target(page.left(), flow.y(), page.width(), height);
        p.drawImage(target, image);
        p.setPen(QPen(Qt::gray, 1));
        p.drawRect(target);
        flow.advance(height + 8);
        if (tracked.size() > 1) {
            QStringList legend;
            for (qsizetype i = 0; i < tracked.size() && i < 10; ++i)
                legend << r.deviceName(tracked.at(i));
            p.setFont(withSize(base, 8));
            const QFontMetricsF fm(p.font(), &writer);
            double x = page.left();
            for (qsizetype i = 0; i < legend.size(); ++i) {
                const double w = fm.horizontalAdvance(legend.at(i)) + fm.height() * 2;
                if (x + w > page.right())
                    break;
                p.fillRect(QRectF(x, flow.y() + fm.height() * 0.3, fm.height(), fm.height() * 0.4),
                    deviceColor(int(i)));
                p.setPen(Qt::black);
                p.drawText(QPointF(x + fm.height() * 1.3, flow.y() + fm.ascent()), legend.at(i));
                x += w;
            }
            flow.advance(fm.height() * 1.5);
        }
        line(map.attributionText(), withSize(base, 7), QColor(0x55, 0x55, 0x55));
    }

    // Charts: speed (and more) over time, for the first devices.
    if (!tracked.isEmpty() && r.kind != ReportKind::Events) {
        flow.newPage();
        line(tr("Speed over time"), withSize(base, 14, true));
        const double chartHeight = (page.height() - 80) / 3 - 30;
        for (qsizetype i = 0; i < tracked.size() && i < kMaxChartDevices; ++i) {
            ReportChartPainter chart;
            chart.setTrack(r.tracks.value(tracked.at(i)));
            flow.ensure(chartHeight + 40);
            line(r.deviceName(tracked.at(i)), withSize(base, 10, true));
            chart.paint(p, QRectF(page.left(), flow.y(), page.width(), chartHeight), pal,
                withSize(base, 8));
            flow.advance(chartHeight + 16);
        }
    }

    // The table, its header on every page.
    ReportTableModel table;
    table.setResult(r);
    const QStringList headers = table.columnTitles();
    flow.newPage();
    line(kindTitle(r.kind), withSize(base, 14, true));
    if (table.rowCount() == 0) {
        line(r.kind == ReportKind::Visits && !r.hasGeofences
                ? tr("There are no geofences to report visits of.")
                : tr("Nothing to report in this period."),
            withSize(base, 10));
    } else {
        const QFont cellFont = withSize(base, 7.5);
        const QFont headFont = withSize(base, 7.5, true);
        const QFontMetricsF fm(cellFont, &writer);
        // Column widths follow the longest text of each column (header or the first rows).
        QList<double> widths;
        for (int c = 0; c < headers.size(); ++c) {
            double w = QFontMetricsF(headFont, &writer).horizontalAdvance(headers.at(c));
            for (int row = 0; row < std::min(table.rowCount(), 200); ++row)
                w = std::max(w, fm.horizontalAdvance(table.cellText(row, c)));
            widths << w + fm.height() * 0.6;
        }
        double sum = 0;
        for (double w : std::as_const(widths))
            sum += w;
        for (double &w : widths)
            w *= page.width() / sum;
        const double rowHeight = fm.height() * 1.35;
        const auto header = [&] {
            p.fillRect(QRectF(page.left(), flow.y(), page.width(), rowHeight), QColor(0xe8, 0xe8, 0xe8));
            p.setFont(headFont);
            p.setPen(Qt::black);
            double x = page.left();
            for (int c = 0; c < headers.size(); ++c) {
                p.drawText(QRectF(x + 2, flow.y(), widths.at(c) - 4, rowHeight),
                    Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, headers.at(c));
                x += widths.at(c);
            }
            flow.advance(rowHeight);
        };
        header();
        for (int row = 0; row < table.rowCount(); ++row) {
            if (flow.y() + rowHeight > page.bottom()) {
                flow.newPage();
                header();
            }
            if (row % 2)
                p.fillRect(QRectF(page.left(), flow.y(), page.width(), rowHeight),
                    QColor(0xf6, 0xf6, 0xf6));
            p.setFont(cellFont);
            p.setPen(Qt::black);
            double x = page.left();
            for (int c = 0; c < headers.size(); ++c) {
                const auto align = Qt::Alignment(
                    table.data(table.index(row, c), Qt::TextAlignmentRole).toInt());
                p.drawText(QRectF(x + 2, flow.y(), widths.at(c) - 4, rowHeight),
                    align | Qt::AlignVCenter,
                    fm.elidedText(table.cellText(row, c), Qt::ElideRight, widths.at(c) - 4));
                x += widths.at(c);
            }
            flow.advance(rowHeight);
        }
    }
    if (!p.end()) {
        if (error)
            *error = tr("the PDF could not be finished");
        return false;
    }
    if (QFileInfo(path).size() <= 0) {
        if (error)
            *error = tr("the PDF file is empty");
        return false;
    }
    return true;
}

} // namespace fw
