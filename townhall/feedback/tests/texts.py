"""Real texts for the analysis tests, copied here so the suite runs without ../shared.

- LETTER: the opening of the Defund12 Birmingham, AL letter (defund12/defund12.org, MIT).
- SNAP_*: comments on the USDA SNAP utility-allowance rule, FNS-2019-0009 (regulations.gov,
  public record), via the GSA CDO Council's pilot.
- YOUTH: statements from the Polis conversation of London youth on police scrutiny
  (compdemocracy/openData, CC BY 4.0).
"""

LETTER = (
    "Dear Birmingham City Council, staff, and Executive departments,\n\n"
    "My name is [NAME] and I am a resident of Birmingham. I urge you and the rest of the city "
    "council to amend the future budget for 2021 and all future budgets. I would like to "
    "redirect money away from BPD and into social service programs that will benefit public "
    "health and our own communities, especially communities of color. The recently passed "
    "budget for 2020 suggests that the largest fraction of the city's budget should go to "
    "policing ($92,775,797), which is over 30% larger than even the second largest allocation "
    "of funds, fire ($67,814,889)."
)

SNAP_UTILITIES = [
    "Cutting SNAP benefits would cause 19 percent of SNAP households to get lower SNAP monthly "
    "benefits which would make the struggles many low-income people have paying for costs of "
    "both food and utilities much worse.",
    "Heating bills in cold states are already crushing families; standardizing the utility "
    "allowance ignores what heating and cooling really cost where we live.",
    "The standard utility allowance should reflect actual utility costs in each state. Winter "
    "heating costs in Minnesota are nothing like those in Florida.",
    "Families will have to choose between paying the heating bill and buying food if the "
    "utility allowance is cut.",
    "Utility costs keep rising. Lowering the utility allowance means lower SNAP benefits for "
    "people who pay high heating and cooling bills.",
]

SNAP_ELDERLY = [
    "It would have a disproportionate negative impact on elderly people and people with "
    "disabilities who live on fixed incomes.",
    "My mother is 82 and disabled. Her SNAP benefits are the only way she eats a full meal at "
    "the end of the month; seniors on fixed incomes cannot absorb this cut.",
    "Seniors and people with disabilities on fixed incomes will be hurt the most by this "
    "proposed cut to SNAP.",
    "Elderly people with disabilities already skip meals. Cutting their benefits will put "
    "their health at risk.",
    "Older adults and disabled people on fixed incomes depend on these benefits; please do "
    "not cut them.",
]

YOUTH = [
    "Eliminate bias - wider background check to see the type of people they are hiring",
    "Why are so many policemen also domestic abusers? Why are we allowing them to police us?",
]
