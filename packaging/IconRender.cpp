// fw_icon_render: build-time tool that renders the application SVG into PNGs (hicolor theme,
// macOS iconset) and a multi-size Windows .ico, so packaging needs nothing beyond Qt itself.
//
//   fw_icon_render ICON.svg SIZE:OUT.png ... [--ico OUT.ico SIZE,SIZE,...]
//
// Only QImage/QPainter/QSvgRenderer are used: no platform plugin, no image-format plugin.
#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QtEndian>

#include <cstdio>

namespace {
QImage render(QSvgRenderer &svg, int size)
{
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    svg.render(&painter, QRectF(0, 0, size, size));
    painter.end();
    return image.convertToFormat(QImage::Format_ARGB32);
}

QByteArray png(const QImage &image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size()) {
        std::fprintf(stderr, "fw_icon_render: cannot write %s\n", qPrintable(path));
        return false;
    }
    return true;
}

// ICO with PNG-compressed entries (Windows Vista and later read these at every size).
QByteArray ico(QSvgRenderer &svg, const QList<int> &sizes)
{
    QByteArray header;
    QByteArray data;
    const auto le16 = [](QByteArray &out, quint16 v) {
        out.append(char(v & 0xff)).append(char(v >> 8));
    };
    const auto le32 = [&](QByteArray &out, quint32 v) {
        le16(out, quint16(v & 0xffff));
        le16(out, quint16(v >> 16));
    };
    le16(header, 0); // reserved
    le16(header, 1); // type: icon
    le16(header, quint16(sizes.size()));
    quint32 offset = 6 + 16 * quint32(sizes.size());
    for (const int size : sizes) {
        const QByteArray entry = png(render(svg, size));
        header.append(char(size >= 256 ? 0 : size)); // 0 means 256
        header.append(char(size >= 256 ? 0 : size));
        header.append(char(0)); // no palette
        header.append(char(0)); // reserved
        le16(header, 1); // colour planes
        le16(header, 32); // bits per pixel
        le32(header, quint32(entry.size()));
        le32(header, offset);
        offset += quint32(entry.size());
        data.append(entry);
    }
    return header + data;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: fw_icon_render ICON.svg SIZE:OUT.png ... "
                             "[--ico OUT.ico SIZE,SIZE,...]\n");
        return 2;
    }
    QSvgRenderer svg(args.takeFirst());
    if (!svg.isValid()) {
        std::fprintf(stderr, "fw_icon_render: cannot read the SVG\n");
        return 1;
    }
    while (!args.isEmpty()) {
        const QString arg = args.takeFirst();
        if (arg == QLatin1String("--ico")) {
            if (args.size() < 2)
                return 2;
            const QString out = args.takeFirst();
            QList<int> sizes;
            for (const QString &s : args.takeFirst().split(QLatin1Char(',')))
                sizes << s.toInt();
            if (!writeFile(out, ico(svg, sizes)))
                return 1;
            continue;
        }
        const qsizetype colon = arg.indexOf(QLatin1Char(':'));
        bool ok = false;
        const int size = colon > 0 ? arg.left(colon).toInt(&ok) : 0;
        if (!ok || size <= 0 || size > 4096) {
            std::fprintf(stderr, "fw_icon_render: bad argument %s\n", qPrintable(arg));
            return 2;
        }
        if (!writeFile(arg.mid(colon + 1), png(render(svg, size))))
            return 1;
    }
    return 0;
}
