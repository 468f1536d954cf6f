variable "alert_cluster_arn" {
  description = "Cluster whose failures are alerted on"
  type        = string
}

provider "aws" {
  region = "us-east-1"
}
