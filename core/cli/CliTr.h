#pragma once
// CliTr: the one translation context of the cli library ("fw::cli"). Texts of this
// library that reach the operator go through CliTr::tr(), so lupdate files them together and
// a class moving inside the library keeps its translations.

#include <QCoreApplication>

namespace fw {

struct CliTr
{
    Q_DECLARE_TR_FUNCTIONS(fw::cli)
};

} // namespace fw
