"""Survey definitions as data: XLSForm in and out, a safe expression evaluator, answer checks.

The pure core of Clustera's surveys; the Django ``surveys`` app stores ``Definition.to_dict()``
per version and calls :func:`validate_answers` on every submission.

>>> form = load_template("sme_technology_needs")
>>> sorted(form.languages)
['de', 'en', 'fr']
>>> clean, errors = validate_answers(form, {"company_size": "micro"}, language="fr")
>>> errors[0]
{'field': 'company_name', 'message': 'This question is required.'}

The built-in messages are English (``clustera.texts.Message``): the web layer shows them in
the respondent's language; the form's own messages come in the form's languages.
"""

from clustera.questionnaires.expressions import Expression, ExpressionError, parse
from clustera.questionnaires.model import Choice, Definition, Group, Item, Question
from clustera.questionnaires.pickers import BUILTIN_CHOICES, TAXONOMY_LISTS
from clustera.questionnaires.responses import responses_table, to_spss
from clustera.questionnaires.responses_import import (
    ResponsesImportError,
    read_eusurvey_csv,
    read_limesurvey_csv,
)
from clustera.questionnaires.templates import TEMPLATES, load_template
from clustera.questionnaires.validation import answers_from_form, validate_answers, visible_pages
from clustera.questionnaires.xlsform_export import to_xlsform
from clustera.questionnaires.xlsform_import import XLSFormError, read_xlsform

__all__ = [
    "BUILTIN_CHOICES",
    "TAXONOMY_LISTS",
    "TEMPLATES",
    "Choice",
    "Definition",
    "Expression",
    "ExpressionError",
    "Group",
    "Item",
    "Question",
    "ResponsesImportError",
    "XLSFormError",
    "answers_from_form",
    "load_template",
    "parse",
    "read_eusurvey_csv",
    "read_limesurvey_csv",
    "read_xlsform",
    "responses_table",
    "to_spss",
    "to_xlsform",
    "validate_answers",
    "visible_pages",
]
