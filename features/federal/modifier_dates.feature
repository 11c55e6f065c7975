@federal
Feature: A modifier is judged against CMS's own modifier list where it was read
  For dates of service from 2017-01-01 to 2019-03-31 the HCPCS Level II modifiers come from CMS's
  2017, 2018 and 2019 Alpha-Numeric HCPCS files (V): a modifier that is not in them on the date
  (never created, added later, or terminated) is denied as an invalid code (CARC 182). From
  2019-04-01 the list is a vendor's republication (S): a modifier outside it is flagged, not denied.

  Background:
    Given a payer "NC-DHB" of state NC kind ffs
    And a member "NC-100" born 1980-04-15 enrolled in NC-MEDICAID from 2018-01-01 to open
    And a billing provider with NPI 1122334455
    And a peer with NPI 1234567893 holding credential NC-CPSS issued 2018-01-01

  @FED-HCPCS-0002
  Scenario Outline: A modifier CMS's file does not hold on the date is denied; after 2019-03-31 it is flagged
    Given a claim line H0038 with modifiers <modifiers> units 4 on <date>
    When the claim is checked
    Then the claim has a finding by rule FED-HCPCS-0002 with severity <severity> and CARC 182

    Examples:
      | modifiers | date       | severity | meaning                                             |
      | FQ        | 2019-02-04 | error    | FQ is not in CMS's 2019 file (created later)        |
      | Y1        | 2019-02-04 | error    | no such modifier in CMS's files                     |
      | HQ ZA     | 2019-02-04 | error    | ZA was terminated by CMS on 2018-03-31              |
      | Y1        | 2026-03-02 | warning  | from 2019-04-01 the list is secondary: not a denial |

  @FED-HCPCS-0002
  Scenario Outline: A modifier CMS's file holds on the date is valid
    Given a claim line H0038 with modifiers <modifiers> units 4 on <date>
    When the claim is checked
    Then the claim has no finding by rule FED-HCPCS-0002

    Examples:
      | modifiers | date       | meaning                                                   |
      | HQ        | 2019-02-04 | group setting, in CMS's file since 2003                   |
      | HE U1     | 2019-02-04 | mental health program, Medicaid level of care 1           |
      | X1        | 2019-02-04 | added by CMS on 2018-01-01                                 |
      | FQ        | 2026-03-02 | audio-only, in the list used from 2019-04-01              |
      | X1        | 2026-03-02 | in CMS's 2019 file, added to the vendor's list            |
