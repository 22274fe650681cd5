#include "AprsStatusParser.h"

#include "AprsFields.h"

namespace fw {

using namespace aprs;

void AprsStatusParser::parse(QByteArrayView text, TimeMs time, Attributes &a)
{
    const auto event = [&a](const char *name) { a.set(attr::event, QString::fromLatin1(name)); };
    if (istartsWith(text, "System booted")) {
        event("boot");
        QByteArrayView rest = text.sliced(13);
        qsizetype pos = 0;
        QByteArrayView previous;
        while (pos < rest.size()) {
            while (pos < rest.size() && rest[pos] == ' ')
                ++pos;
            qsizetype end = pos;
            while (end < rest.size() && rest[end] != ' ')
                ++end;
            if (end == pos)
                break;
            QByteArrayView tok = rest.sliced(pos, end - pos);
            pos = end;
            const QByteArrayView prev = previous;
            previous = tok;
            if (iequals(prev, "at") && tok.size() == 9 && upper(tok[8]) == 'Z' && tok[2] == ':'
                && tok[5] == ':') {
                const int h = digits(tok, 0, 2), mi = digits(tok, 3, 2), s = digits(tok, 6, 2);
                if (h >= 0 && h < 24 && mi >= 0 && mi < 60 && s >= 0 && s < 61) {
                    TimeMs boot = nearestDayTime(time, h * kHour + mi * kMinute + s * kSecond);
                    if (boot != kNoTime && time != kNoTime && boot > time)
                        boot -= kDay; // a boot announced now happened before now
                    if (boot != kNoTime)
                        a.set(QStringLiteral("bootTime"), toIso(boot));
                }
                continue;
            }
            if (iequals(tok, "at"))
                continue;
            if (iequals(tok, "TX&RX")) {
                a.set(QStringLiteral("radio"), QStringLiteral("txrx"));
                continue;
            }
            if (iequals(tok, "TX") || iequals(tok, "RX")) {
                a.set(QStringLiteral("radio"),
                    iequals(tok, "TX") ? QStringLiteral("tx") : QStringLiteral("rx"));
                continue;
            }
            if (tok.size() > 3 && istartsWith(tok.sliced(tok.size() - 3), "MHz")) {
                bool ok = false;
                const double f = tok.first(tok.size() - 3).toByteArray().toDouble(&ok);
                if (ok)
                    a.set(QStringLiteral("frequency"), f);
                continue;
            }
            if (tok.size() > 3 && istartsWith(tok.sliced(tok.size() - 3), "bps")) {
                const int n = digits(tok, 0, static_cast<int>(tok.size()) - 3);
                if (n >= 0 && tok.size() <= 10)
                    a.set(QStringLiteral("bitrate"), n);
                continue;
            }
            // Mode flags, possibly run together: Ws / W1 / W2 (digipeater), WX / WX+ / WX-.
            while (tok.size() >= 2 && tok[0] == 'W') {
                if (tok[1] == 'X') {
                    const char state = tok.size() > 2 ? tok[2] : 0;
                    a.set(QStringLiteral("wx"),
                        state == '+'       ? QStringLiteral("working")
                            : state == '-' ? QStringLiteral("notDetected")
                                           : QStringLiteral("enabled"));
                    tok = tok.sliced(state == '+' || state == '-' ? 3 : 2);
                } else if (tok[1] == 's' || tok[1] == '1' || tok[1] == '2') {
                    a.set(QStringLiteral("digipeater"),
                        tok[1] == 's'       ? QStringLiteral("self")
                            : tok[1] == '1' ? QStringLiteral("wide1")
                                            : QStringLiteral("wide2"));
                    tok = tok.sliced(2);
                } else {
                    break;
                }
            }
        }
    } else if (istartsWith(text, "Remote update failed")) {
        event("remoteUpdateFailed");
    } else if (istartsWith(text, "Remote update")) {
        event("remoteUpdate");
        if (text.indexOf("(query)") >= 0)
            a.set(QStringLiteral("query"), true);
    } else if (istartsWith(text, "Local update started")) {
        event("localUpdateStarted");
    } else if (istartsWith(text, "Local update finished")) {
        event("localUpdateFinished");
    } else if (istartsWith(text, "User reboot")) {
        event("userReboot");
    } else if (istartsWith(text, "Scheduled reboot")) {
        event("scheduledReboot");
    } else if (istartsWith(text, "Low battery - sleeping")) {
        event("lowBatterySleep");
        a.set(attr::lastGasp, true);
        a.set(attr::alarm, alarm::lowBattery);
    }
}

} // namespace fw
