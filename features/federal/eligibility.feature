@federal
Feature: The member is enrolled, on the date of service, in a program that covers peer support
  Each state pack lists the programs that cover its peer support procedures: Connecticut only
  its Mental Health Waiver (CT-MHW), the other wave-1 states full-benefit Medicaid
  (<ST>-MEDICAID). Enrollment is judged on each line's date of service.

  @FED-ELIG-0002 @FED-ELIG-0004
  Scenario Outline: A member enrolled in a covering program on the date of service is eligible
    Given a payer "<payer>" of state <state> kind ffs
    And a member "M-1" born 1980-04-15 enrolled in <program> from 2022-01-01 to <end>
    And a billing provider with NPI 1122334455
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has no finding by rule FED-ELIG-0002
    And the claim has no finding by rule FED-ELIG-0004

    @ct
    Examples: Connecticut
      | state | payer  | program | end        | modifiers |
      | CT    | CT-DSS | CT-MHW  | open       | none      |
      | CT    | CT-DSS | CT-MHW  | 2026-03-02 | none      |

    @tx
    Examples: Texas
      | state | payer   | program     | end  | modifiers |
      | TX    | TX-HHSC | TX-MEDICAID | open | none      |

    @nj
    Examples: New Jersey
      | state | payer    | program     | end  | modifiers |
      | NJ    | NJ-DMAHS | NJ-MEDICAID | open | HF        |

    @nc
    Examples: North Carolina
      | state | payer  | program     | end  | modifiers |
      | NC    | NC-DHB | NC-MEDICAID | open | none      |

    @wa
    Examples: Washington
      | state | payer  | program     | end  | modifiers |
      | WA    | WA-HCA | WA-MEDICAID | open | none      |

    @ga
    Examples: Georgia
      | state | payer  | program     | end  | modifiers |
      | GA    | GA-DCH | GA-MEDICAID | open | none      |

  @FED-ELIG-0002 @FED-ELIG-0004
  Scenario Outline: A member not in the waiver that covers peer support is denied as not enrolled in that part of the benefit
    Given a payer "<payer>" of state <state> kind ffs
    And a member "M-1" born 1980-04-15 enrolled in <program> from 2022-01-01 to <end>
    And a billing provider with NPI 1122334455
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0002 with severity error and CARC 204 and RARC N216
    And the claim has no finding by rule FED-ELIG-0004

    @ct
    Examples: Connecticut covers peer support under its Mental Health Waiver only
      | state | payer  | program     | end        | modifiers |
      | CT    | CT-DSS | CT-MEDICAID | open       | none      |
      | CT    | CT-DSS | CT-MHW      | 2026-03-01 | none      |

  @FED-ELIG-0002 @FED-ELIG-0004
  Scenario Outline: A member with no state-plan Medicaid on the date of service is denied as ineligible (27/N30, not 204/N216)
    Given a payer "<payer>" of state <state> kind ffs
    And a member "M-1" born 1980-04-15 enrolled in <program> from 2022-01-01 to <end>
    And a billing provider with NPI 1122334455
    And a claim line H0038 with modifiers <modifiers> units 4 on 2026-03-02
    When the claim is checked
    Then the claim has a finding by rule FED-ELIG-0004 with severity error and CARC 27 and RARC N30
    And the claim has no finding by rule FED-ELIG-0002

    @tx
    Examples: Texas
      | state | payer   | program     | end        | modifiers |
      | TX    | TX-HHSC | TX-MEDICAID | 2025-12-31 | none      |
      | TX    | TX-HHSC | NC-MEDICAID | open       | none      |

    @nj
    Examples: New Jersey
      | state | payer    | program     | end        | modifiers |
      | NJ    | NJ-DMAHS | NJ-MEDICAID | 2025-12-31 | HF        |

    @nc
    Examples: North Carolina
      | state | payer  | program     | end        | modifiers |
      | NC    | NC-DHB | NC-MEDICAID | 2025-12-31 | none      |

    @wa
    Examples: Washington
      | state | payer  | program     | end        | modifiers |
      | WA    | WA-HCA | WA-MEDICAID | 2025-12-31 | none      |

    @ga
    Examples: Georgia
      | state | payer  | program     | end        | modifiers |
      | GA    | GA-DCH | GA-MEDICAID | 2025-12-31 | none      |
