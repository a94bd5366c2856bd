/** The seller block of every invoice (PDF and console). */
export const SELLER = ["AnyInt, Inc.", "548 Market Street, Suite 200", "San Francisco, CA 94104", "United States", "billing@anyint.example"];
