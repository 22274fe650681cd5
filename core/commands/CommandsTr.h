#pragma once
// CommandsTr: the one translation context of the commands library ("fw::commands"). Texts of this
// library that reach the operator go through CommandsTr::tr(), so lupdate files them together and
// a class moving inside the library keeps its translations.

#include <QCoreApplication>

namespace fw {

struct CommandsTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::commands)
};

} // namespace fw
